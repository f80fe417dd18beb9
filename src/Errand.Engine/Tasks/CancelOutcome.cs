namespace Errand.Engine.Tasks;

/// <summary>What a cancel request did.</summary>
public enum CancelOutcome
{
    /// <summary>The task was queued or parked and is now cancelled.</summary>
    Cancelled,

    /// <summary>The task is running; its worker will stop it.</summary>
    Requested,

    /// <summary>The task had already ended.</summary>
    AlreadyFinished,

    /// <summary>No such task.</summary>
    NotFound,
}
