using Errand.Scheduling;
using Errand.Tasks;

namespace Errand.Application.Schedules;

/// <summary>One tick of a schedule's history as <c>--json</c> prints it.</summary>
public sealed record TickView
{
    /// <summary>The tick id.</summary>
    public required long Id { get; init; }

    /// <summary>The schedule's name.</summary>
    public required string Schedule { get; init; }

    /// <summary>The cron time it stands for.</summary>
    public required DateTimeOffset Tick { get; init; }

    /// <summary>Whether someone ran it by hand.</summary>
    public bool Manual { get; init; }

    /// <summary>fired, skipped, waiting or missed.</summary>
    public required string Outcome { get; init; }

    /// <summary>Why it was skipped or is waiting.</summary>
    public string? Reason { get; init; }

    /// <summary>Missed ticks it stands for (catch-up).</summary>
    public int Missed { get; init; }

    /// <summary>The task it fired.</summary>
    public long? TaskId { get; init; }

    /// <summary>That task's state.</summary>
    public string? TaskState { get; init; }

    /// <summary>When the scheduler decided it.</summary>
    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>When its task was queued.</summary>
    public DateTimeOffset? FiredAt { get; init; }

    /// <summary>The view of a stored tick.</summary>
    /// <param name="tick">The tick.</param>
    /// <param name="schedule">Its schedule's name.</param>
    public static TickView From(TickRecord tick, string schedule) => new()
    {
        Id = tick.Id,
        Schedule = schedule,
        Tick = tick.TickAt,
        Manual = tick.Manual,
        Outcome = tick.Outcome.ToWireName(),
        Reason = tick.Reason,
        Missed = tick.Missed,
        TaskId = tick.TaskId,
        TaskState = tick.TaskState?.ToWireName(),
        DecidedAt = tick.DecidedAt,
        FiredAt = tick.FiredAt,
    };
}
