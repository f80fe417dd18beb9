namespace Errand.Tasks;

/// <summary>Where a task is in its lifecycle. <see cref="TaskStateMachine"/> says which moves are legal.</summary>
public enum TaskState
{
    /// <summary>Accepted and waiting for a worker.</summary>
    Queued,

    /// <summary>Claimed by a worker that holds its lease.</summary>
    Running,

    /// <summary>Parked on a question; holds no worker and no process.</summary>
    WaitingForHuman,

    /// <summary>Parked until a retry timer fires.</summary>
    RetryBackoff,

    /// <summary>Parked until a start time or its prerequisites.</summary>
    Scheduled,

    /// <summary>Finished and verified.</summary>
    Succeeded,

    /// <summary>Finished without meeting its contract.</summary>
    Failed,

    /// <summary>Stopped by a budget with its work so far kept; can be extended and resumed.</summary>
    Partial,

    /// <summary>Stopped on request.</summary>
    Cancelled,
}
