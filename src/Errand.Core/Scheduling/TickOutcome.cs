namespace Errand.Scheduling;

/// <summary>What became of one tick of a schedule.</summary>
public enum TickOutcome
{
    /// <summary>A task was enqueued for it.</summary>
    Fired,

    /// <summary>The overlap policy skipped it: an earlier run was unfinished.</summary>
    Skipped,

    /// <summary>It waits for an earlier run to end (buffer_one, or the concurrency limit); it fires then.</summary>
    Pending,

    /// <summary>No scheduler was running when it was due, and the catch-up window had passed when one looked.</summary>
    Missed,
}
