using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>A task as `--json` prints it: the record, with its spec and result as objects rather than strings.</summary>
public sealed record TaskView
{
    /// <summary>The task's id.</summary>
    public required long Id { get; init; }

    /// <summary>Its title (data: shown as text, never as markup).</summary>
    public required string Title { get; init; }

    /// <summary>Its state's wire name.</summary>
    public required string State { get; init; }

    /// <summary>Why it is in that state, when one was given.</summary>
    public string? Reason { get; init; }

    /// <summary>The attempt number (0 before the first claim).</summary>
    public int Attempt { get; init; }

    /// <summary>The task branch its work is on.</summary>
    public string? Branch { get; init; }

    /// <summary>The branch's head commit.</summary>
    public string? Commit { get; init; }

    /// <summary>When it was submitted.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When its first attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The worker holding it now.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Its result: checks, diff stat, evidence.</summary>
    public TaskResult? Result { get; init; }

    /// <summary>Its spec, when asked for.</summary>
    public TaskSpec? Spec { get; init; }

    /// <summary>The tasks this one waits for (<c>after:</c>), when shown.</summary>
    public IReadOnlyList<LinkedTaskView>? After { get; init; }

    /// <summary>The tasks waiting for this one, when shown.</summary>
    public IReadOnlyList<LinkedTaskView>? Dependants { get; init; }

    /// <summary>
    /// The warnings of the spec it was submitted from (file, line, field), on the answer to the request that submitted it
    /// only, so a client prints what <c>errand submit</c> prints on the store's host.
    /// </summary>
    public IReadOnlyList<SpecDiagnostic>? Warnings { get; init; }

    /// <summary>The view of <paramref name="task"/>; its spec only when <paramref name="withSpec"/>.</summary>
    /// <param name="task">The stored task.</param>
    /// <param name="withSpec">Whether to include the spec.</param>
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
