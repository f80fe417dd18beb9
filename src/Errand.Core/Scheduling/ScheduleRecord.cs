namespace Errand.Scheduling;

/// <summary>A schedule as the store holds it.</summary>
public sealed record ScheduleRecord
{
    /// <summary>The store-assigned id.</summary>
    public required long Id { get; init; }

    /// <summary>The unique name (<see cref="ScheduleName"/>).</summary>
    public required string Name { get; init; }

    /// <summary>The cron expression, 5 or 6 fields.</summary>
    public required string Cron { get; init; }

    /// <summary>The IANA time zone the expression is read in.</summary>
    public required string TimeZone { get; init; }

    /// <summary>What a tick does while an earlier run is unfinished.</summary>
    public OverlapPolicy Overlap { get; init; }

    /// <summary>How late a tick may still fire after downtime (see <see cref="TickPlanner"/>).</summary>
    public TimeSpan CatchUp { get; init; }

    /// <summary>The upper bound of the deterministic delay added to each tick.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Runs of this schedule unfinished at once, at most; null for no limit. Ticks beyond it wait, never drop.</summary>
    public int? MaxParallel { get; init; }

    /// <summary>True while paused: ticks are not fired, and are not caught up on resume.</summary>
    public bool Paused { get; init; }

    /// <summary>The title of the tasks it fires.</summary>
    public required string Title { get; init; }

    /// <summary>The task spec, parsed and linted when the schedule was added, as JSON.</summary>
    public required string SpecJson { get; init; }

    /// <summary>The spec file's text as it was when the schedule was added.</summary>
    public string SpecSource { get; init; } = "";

    /// <summary>Where the spec file was, for people reading the schedule.</summary>
    public string? SpecPath { get; init; }

    /// <summary>Claims per task before a task that keeps losing its worker fails.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Every tick at or before this instant has been decided (fired, skipped, queued or missed).</summary>
    public required DateTimeOffset Cursor { get; init; }

    /// <summary>Ticks waiting for an earlier run to end.</summary>
    public int PendingTicks { get; init; }

    /// <summary>When it was added.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last changed (added, paused, resumed).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
