namespace Errand.Scheduling;

/// <summary>What a schedule does when a tick comes while a run it fired earlier is still unfinished.</summary>
public enum OverlapPolicy
{
    /// <summary>The tick is skipped (recorded in the history as skipped).</summary>
    Skip,

    /// <summary>The tick waits for the unfinished run to end; at most one waits, later ticks are skipped.</summary>
    BufferOne,

    /// <summary>The unfinished runs are cancelled and the tick fires at once.</summary>
    CancelOther,

    /// <summary>The tick fires alongside the unfinished runs (up to the schedule's concurrency limit, then it queues).</summary>
    AllowAll,
}
