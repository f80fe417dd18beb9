using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Cli.Output;

/// <summary>A task as `--json` prints it: the record, with its spec and result as objects rather than strings.</summary>
internal sealed record TaskView
{
    public required long Id { get; init; }

    public required string Title { get; init; }

    public required string State { get; init; }

    public string? Reason { get; init; }

    public int Attempt { get; init; }

    public string? Branch { get; init; }

    public string? Commit { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? LeaseOwner { get; init; }

    public TaskResult? Result { get; init; }

    public TaskSpec? Spec { get; init; }

    public static TaskView From(TaskRecord task, bool withSpec)
    {
        var result = task.ResultJson is null ? null : ErrandJson.Deserialize<TaskResult>(task.ResultJson);
        return new TaskView
        {
            Id = task.Id,
            Title = task.Title,
            State = task.State.ToWireName(),
            Reason = task.Reason,
            Attempt = task.Attempt,
            Branch = result?.Branch,
            Commit = result?.Branch is null ? null : result.HeadCommit,
            CreatedAt = task.CreatedAt,
            UpdatedAt = task.UpdatedAt,
            StartedAt = task.StartedAt,
            FinishedAt = task.FinishedAt,
            LeaseOwner = task.LeaseOwner,
            Result = result,
            Spec = withSpec ? TaskSpecJson.Deserialize(task.SpecJson) : null,
        };
    }
}
