namespace Errand.Scheduling;

/// <summary>
/// Decides which tick of a schedule is due, from its cursor (every tick at or before it is decided) and the clock.
/// Pure: every scheduler process computes the same plan from the same store row and instant.
/// </summary>
/// <remarks>
/// A tick is due at its cron instant plus its jitter. When several are due at once (a scheduler was down, or the
/// clock stepped forward), only the most recent fires, counting the others as missed; it fires only if it is at most
/// the catch-up window late (never less than <see cref="Grace"/>, so an ordinary slow pass loses nothing), otherwise
/// it is recorded as missed and nothing runs. A clock stepping back fires nothing twice: the cursor only moves forward.
/// </remarks>
public static class TickPlanner
{
    /// <summary>The least lateness any tick is allowed, whatever its catch-up window.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    /// <summary>Missed ticks are counted up to this many.</summary>
    public const int MaxCounted = 100_000;

    /// <summary>The plan for <paramref name="schedule"/> at <paramref name="now"/>.</summary>
    public static TickPlan Plan(ScheduleRecord schedule, CronSchedule cron, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(cron);
        var cursor = schedule.Cursor;

        // Ticks are found walking forward only: Cronos's backward search misses a tick a DST gap moved (02:30 on a
        // spring-forward day fires at 03:00, but searching back from 03:05 finds the day before). Backward search only
        // picks where to start walking after a long downtime, and starting early is harmless.
        var walkFrom = cursor;
        if (cron.Previous(now - schedule.Jitter, inclusive: true) is { } hint && cron.Previous(hint, inclusive: false) is { } before && before > cursor)
        {
            walkFrom = before;
        }

        DateTimeOffset? latest = null;
        for (var next = cron.NextAfter(walkFrom); next is { } t && DueAt(schedule, t) <= now; next = cron.NextAfter(t))
        {
            latest = t;
        }

        if (latest is not { } tick)
        {
            return new TickPlan(null, false, 0, NextDueAt(schedule, cron, cursor));
        }

        var window = schedule.CatchUp > Grace ? schedule.CatchUp : Grace;
        var late = now - DueAt(schedule, tick) > window;
        var missed = cron.Between(cursor, tick).Take(MaxCounted).Count();
        return new TickPlan(tick, late, missed, NextDueAt(schedule, cron, tick));
    }

    /// <summary>When <paramref name="tick"/> of <paramref name="schedule"/> is due: the tick plus its jitter.</summary>
    public static DateTimeOffset DueAt(ScheduleRecord schedule, DateTimeOffset tick) =>
        tick + ScheduleJitter.For(schedule.Name, tick, schedule.Jitter);

    /// <summary>When the first tick after <paramref name="after"/> is due, or null when there is none.</summary>
    public static DateTimeOffset? NextDueAt(ScheduleRecord schedule, CronSchedule cron, DateTimeOffset after) =>
        cron.NextAfter(after) is { } next ? DueAt(schedule, next) : null;
}
