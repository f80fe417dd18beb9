using Errand.Budgets;
using Errand.Scheduling;

namespace Errand.Cli.Output;

/// <summary>A schedule as <c>--json</c> prints it: its settings, and its next run in its zone and in UTC.</summary>
internal sealed record ScheduleView
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required string Cron { get; init; }

    public required string TimeZone { get; init; }

    public required string Overlap { get; init; }

    public required string CatchUp { get; init; }

    public string? Jitter { get; init; }

    public int? MaxParallel { get; init; }

    public bool Paused { get; init; }

    public required string Title { get; init; }

    public string? SpecPath { get; init; }

    public int PendingTicks { get; init; }

    /// <summary>When the next tick is due (jitter included), UTC; null while paused.</summary>
    public DateTimeOffset? NextRunUtc { get; init; }

    /// <summary>The same instant in the schedule's zone, with its offset.</summary>
    public DateTimeOffset? NextRunLocal { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

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
