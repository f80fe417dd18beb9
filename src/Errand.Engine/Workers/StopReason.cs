namespace Errand.Engine.Workers;

/// <summary>Why a running task was interrupted.</summary>
internal enum StopReason
{
    /// <summary>Not interrupted.</summary>
    None,

    /// <summary>Another worker owns the task now: stop and write nothing.</summary>
    LeaseLost,

    /// <summary>Someone asked to cancel it.</summary>
    CancelRequested,

    /// <summary>Its wall-time budget ran out: keep the work, end partial.</summary>
    TimeBudget,

    /// <summary>The worker is shutting down and the grace period passed: hand it back.</summary>
    Shutdown,
}
