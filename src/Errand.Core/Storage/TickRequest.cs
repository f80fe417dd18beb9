using Errand.Tasks;

namespace Errand.Storage;

/// <summary>A tick for <see cref="IScheduleStore.DecideTickAsync"/> to decide.</summary>
/// <param name="ScheduleId">The schedule.</param>
/// <param name="TickAt">The cron instant (UTC); for a manual run, when it was asked for.</param>
/// <param name="Task">The task to enqueue if the tick fires (now, or later for a pending tick).</param>
public sealed record TickRequest(long ScheduleId, DateTimeOffset TickAt, NewTask Task)
{
    /// <summary>A run asked for by hand: it ignores the cursor and the pause, and fires under the concurrency limit.</summary>
    public bool Manual { get; init; }

    /// <summary>Earlier due ticks this one stands for, counted from <see cref="PlannedFrom"/>.</summary>
    public int Missed { get; init; }

    /// <summary>
    /// The schedule's cursor the tick was planned from. When set, a cron tick is decided only while the cursor is still
    /// there: another scheduler that moved it meanwhile decided some of the ticks <see cref="Missed"/> counts, so
    /// this plan is stale (<see cref="TickStatus.AlreadyDecided"/>) and is made again from the new cursor.
    /// </summary>
    public DateTimeOffset? PlannedFrom { get; init; }

    /// <summary>Past its catch-up window: record it as missed and run nothing.</summary>
    public bool Late { get; init; }
}
