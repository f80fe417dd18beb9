using Errand.Scheduling;

namespace Errand.Storage;

/// <summary>
/// Schedules and the history of their ticks. A tick is decided exactly once however many schedulers run: its row is
/// keyed by (schedule, tick) and written in the same transaction as the task it enqueues, and a schedule's cursor
/// only moves forward.
/// </summary>
public interface IScheduleStore
{
    /// <summary>Adds a schedule whose cursor is the store's clock (no earlier tick fires); null when the name is taken.</summary>
    Task<ScheduleRecord?> AddScheduleAsync(NewSchedule schedule, CancellationToken cancellationToken);

    /// <summary>One schedule by name, or null.</summary>
    Task<ScheduleRecord?> GetScheduleAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every schedule, by name.</summary>
    Task<IReadOnlyList<ScheduleRecord>> ListSchedulesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Pauses or resumes a schedule; null when there is none by that name. Resuming moves the cursor to the store's
    /// clock, so the ticks that came while it was paused are not caught up.
    /// </summary>
    Task<ScheduleRecord?> SetPausedAsync(string name, bool paused, CancellationToken cancellationToken);

    /// <summary>Removes a schedule with its history (its tasks stay); false when there is none by that name.</summary>
    Task<bool> RemoveScheduleAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Decides one tick under the schedule's overlap policy and concurrency limit, atomically: records it (fired with
    /// its task enqueued, skipped, pending, or missed) and moves the cursor to it. A cron tick at or before the cursor,
    /// or of a paused schedule, is refused without writing anything. Manual ticks ignore the cursor and the pause.
    /// </summary>
    Task<TickResult> DecideTickAsync(TickRequest request, CancellationToken cancellationToken);

    /// <summary>Fires pending ticks, oldest first, while the schedule's unfinished runs are under its limit.</summary>
    Task<IReadOnlyList<TickRecord>> ReleasePendingAsync(long scheduleId, CancellationToken cancellationToken);

    /// <summary>The schedule's ticks, newest first, each with its task's current state.</summary>
    Task<IReadOnlyList<TickRecord>> ListTicksAsync(long scheduleId, int limit, CancellationToken cancellationToken);
}
