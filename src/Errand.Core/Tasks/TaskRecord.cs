namespace Errand.Tasks;

/// <summary>A task as the store holds it.</summary>
public sealed record TaskRecord
{
    /// <summary>The store-assigned id.</summary>
    public required long Id { get; init; }

    /// <summary>The spec's title.</summary>
    public required string Title { get; init; }

    /// <summary>The spec's <c>name:</c>, by which other tasks may wait for this one; null when it has none.</summary>
    public string? Name { get; init; }

    /// <summary>The current state.</summary>
    public required TaskState State { get; init; }

    /// <summary>The normalized spec as JSON (<see cref="Specs.TaskSpecJson"/>).</summary>
    public required string SpecJson { get; init; }

    /// <summary>How many times a worker has claimed the task.</summary>
    public int Attempt { get; init; }

    /// <summary>The most claims before a task that keeps losing its worker is failed.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The fencing token: raised on every change of owner, so a stale owner's writes are refused.</summary>
    public long Fence { get; init; }

    /// <summary>The worker holding the lease, while running.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>When the lease lapses unless renewed.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Set when someone asked to cancel a running task; its worker sees it on the next heartbeat.</summary>
    public bool CancelRequested { get; init; }

    /// <summary>When a parked task wakes.</summary>
    public DateTimeOffset? WakeAt { get; init; }

    /// <summary>Why the task is in its state (a failure, a cancellation, a budget).</summary>
    public string? Reason { get; init; }

    /// <summary>The result report as JSON (<see cref="Results.TaskResult"/>), once there is one.</summary>
    public string? ResultJson { get; init; }

    /// <summary>When the task was accepted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the task last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When a worker first started it.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached a terminal state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}
