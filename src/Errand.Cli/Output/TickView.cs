using Errand.Scheduling;
using Errand.Tasks;

namespace Errand.Cli.Output;

/// <summary>One tick of a schedule's history as <c>--json</c> prints it.</summary>
internal sealed record TickView
{
    public required long Id { get; init; }

    public required string Schedule { get; init; }

    public required DateTimeOffset Tick { get; init; }

    public bool Manual { get; init; }

    public required string Outcome { get; init; }

    public string? Reason { get; init; }

    public int Missed { get; init; }

    public long? TaskId { get; init; }

    public string? TaskState { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    public DateTimeOffset? FiredAt { get; init; }

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
