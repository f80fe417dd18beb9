using Errand.Tasks;
using Errand.Telemetry;

namespace Errand.Core.Tests.Telemetry;

public sealed class TaskTraceTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 2, 16, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void TraceIdOf_SameTaskReadAgain_SameTrace()
    {
        var first = Task(1, Created);
        var reread = first with { State = TaskState.Running, Attempt = 2, UpdatedAt = Created.AddMinutes(5) };

        Assert.Equal(TaskTrace.TraceIdOf("inst-a", first), TaskTrace.TraceIdOf("inst-a", reread));
    }

    [Fact]
    public void TraceIdOf_TaskOneOfTwoInstallationsCreatedInTheSameMillisecond_DifferentTraces() =>
        Assert.NotEqual(TaskTrace.TraceIdOf("inst-a", Task(1, Created)), TaskTrace.TraceIdOf("inst-b", Task(1, Created)));

    [Fact]
    public void TraceIdOf_OtherIdOrMillisecond_DifferentTraces()
    {
        var trace = TaskTrace.TraceIdOf("inst-a", Task(1, Created));

        Assert.NotEqual(trace, TaskTrace.TraceIdOf("inst-a", Task(2, Created)));
        Assert.NotEqual(trace, TaskTrace.TraceIdOf("inst-a", Task(1, Created.AddMilliseconds(1))));
    }

    private static TaskRecord Task(long id, DateTimeOffset created) => new()
    {
        Id = id,
        Title = "t",
        State = TaskState.Queued,
        SpecJson = "{}",
        CreatedAt = created,
        UpdatedAt = created,
    };
}
