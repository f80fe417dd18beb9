using Errand.Tasks;

namespace Errand.Scheduling;

/// <summary>One decided tick of a schedule: its history row.</summary>
public sealed record TickRecord
{
    /// <summary>The store-assigned id.</summary>
    public required long Id { get; init; }

    /// <summary>The schedule it belongs to.</summary>
    public required long ScheduleId { get; init; }

    /// <summary>The cron instant (UTC), or when a manual run was asked for.</summary>
    public required DateTimeOffset TickAt { get; init; }

    /// <summary>True for a run asked for by hand (<c>errand schedule trigger</c>).</summary>
    public bool Manual { get; init; }

    /// <summary>What became of it.</summary>
    public required TickOutcome Outcome { get; init; }

    /// <summary>Why, when it did not simply fire (the run still unfinished, the window passed).</summary>
    public string? Reason { get; init; }

    /// <summary>Earlier ticks that were due while no scheduler ran, and that this one stands for.</summary>
    public int Missed { get; init; }

    /// <summary>The task it enqueued, once fired.</summary>
    public long? TaskId { get; init; }

    /// <summary>That task's state now (history reads it with the tick).</summary>
    public TaskState? TaskState { get; init; }

    /// <summary>When it was decided.</summary>
    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>When its task was enqueued (later than <see cref="DecidedAt"/> for a tick that waited).</summary>
    public DateTimeOffset? FiredAt { get; init; }
}
