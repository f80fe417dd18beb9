using Errand.Specs;
using Errand.Tasks;

namespace Errand.Core.Tests.Specs;

public sealed class TaskSpecJsonTests
{
    private static TaskRecord Record(TaskSpec spec) => new()
    {
        Id = 7,
        Title = spec.Title,
        State = TaskState.Running,
        SpecJson = TaskSpecJson.Serialize(spec),
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Of_SameRecord_ParsedOnce()
    {
        var task = Record(new TaskSpec { Title = "first", Agent = AgentNames.Command, Command = "true" });

        var spec = TaskSpecJson.Of(task);

        Assert.Same(spec, TaskSpecJson.Of(task));
        Assert.Equal("first", spec.Title);
        Assert.Equal("true", spec.Command);
    }

    [Fact]
    public void Of_RecordCopiedWithAnotherSpec_ReadsItsOwnSpec()
    {
        var task = Record(new TaskSpec { Title = "first" });
        _ = TaskSpecJson.Of(task);

        // Same id, equal in every other field: a cache keyed by the task (or by record equality) would answer "first".
        var changed = task with { SpecJson = TaskSpecJson.Serialize(new TaskSpec { Title = "second" }) };

        Assert.Equal("second", TaskSpecJson.Of(changed).Title);
        Assert.Equal("first", TaskSpecJson.Of(task).Title);
    }
}
