using Errand.Budgets;
using Errand.Scheduling;
using Errand.Specs;

namespace Errand.Application.Schedules;

/// <summary>A schedule as <c>--json</c> prints it: its settings, and its next run in its zone and in UTC.</summary>
public sealed record ScheduleView
{
    /// <summary>The schedule id.</summary>
    public required long Id { get; init; }

    /// <summary>Its unique name.</summary>
    public required string Name { get; init; }

    /// <summary>Its cron expression.</summary>
    public required string Cron { get; init; }

    /// <summary>The IANA zone the cron is read in.</summary>
    public required string TimeZone { get; init; }

    /// <summary>What a tick does while a run is unfinished.</summary>
    public required string Overlap { get; init; }

    /// <summary>How late a missed tick may still run after downtime (0: never).</summary>
    public required string CatchUp { get; init; }

    /// <summary>The most a tick is delayed, if any.</summary>
    public string? Jitter { get; init; }

    /// <summary>Runs unfinished at once, at most.</summary>
    public int? MaxParallel { get; init; }

    /// <summary>Whether it is paused.</summary>
    public bool Paused { get; init; }

    /// <summary>Its task's title.</summary>
    public required string Title { get; init; }

    /// <summary>The file its spec was read from, if any.</summary>
    public string? SpecPath { get; init; }

    /// <summary>Ticks waiting for their turn.</summary>
    public int PendingTicks { get; init; }

    /// <summary>When the next tick is due (jitter included), UTC; null while paused.</summary>
    public DateTimeOffset? NextRunUtc { get; init; }

    /// <summary>The same instant in the schedule's zone, with its offset.</summary>
    public DateTimeOffset? NextRunLocal { get; init; }

    /// <summary>When it was added.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// The warnings of the spec each run submits (file, line, field), on the answer to the request that added it only,
    /// so a client prints what <c>errand schedule add</c> prints on the store's host.
    /// </summary>
    public IReadOnlyList<SpecDiagnostic>? Warnings { get; init; }

    /// <summary>The view of a stored schedule, its next run computed from <paramref name="now"/>.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="now">The current time.</param>
    public static ScheduleView From(ScheduleRecord schedule, DateTimeOffset now)
    {
        var next = NextRun(schedule, now);
        return new ScheduleView
        {
            Id = schedule.Id,
            Name = schedule.Name,
            Cron = schedule.Cron,
            TimeZone = schedule.TimeZone,
            Overlap = schedule.Overlap.ToWireName(),
            CatchUp = schedule.CatchUp > TimeSpan.Zero ? BudgetText.Duration(schedule.CatchUp) : "0",
            Jitter = schedule.Jitter > TimeSpan.Zero ? BudgetText.Duration(schedule.Jitter) : null,
            MaxParallel = schedule.MaxParallel,
            Paused = schedule.Paused,
            Title = schedule.Title,
            SpecPath = schedule.SpecPath,
            PendingTicks = schedule.PendingTicks,
            NextRunUtc = next?.UtcDateTime is { } utc ? new DateTimeOffset(utc, TimeSpan.Zero) : null,
            NextRunLocal = next,
            CreatedAt = schedule.CreatedAt,
        };
    }

    /// <summary>When the schedule next runs, in its zone; null while paused or when it never fires again.</summary>
    public static DateTimeOffset? NextRun(ScheduleRecord schedule, DateTimeOffset now)
    {
        if (schedule.Paused || !CronSchedule.TryParse(schedule.Cron, schedule.TimeZone, out var cron, out _))
        {
            return null;
        }

        var after = schedule.Cursor > now ? schedule.Cursor : now;
        return TickPlanner.NextDueAt(schedule, cron!, after) is { } due ? TimeZoneInfo.ConvertTime(due, cron!.Zone) : null;
    }
}
