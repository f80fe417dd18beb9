using Errand.Scheduling;
using Errand.Tasks;

namespace Errand.Storage;

/// <summary>What <see cref="IScheduleStore.DecideTickAsync"/> did.</summary>
/// <param name="Status">Decided, or why not.</param>
/// <param name="Tick">The tick's history row, when decided now.</param>
public sealed record TickResult(TickStatus Status, TickRecord? Tick)
{
    /// <summary>The task enqueued for the tick, when it fired.</summary>
    public TaskRecord? Task { get; init; }

    /// <summary>
    /// Under <see cref="OverlapPolicy.CancelOther"/>: the schedule's runs that were unfinished when the tick fired, for
    /// the caller to cancel.
    /// </summary>
    public IReadOnlyList<long> Superseded { get; init; } = [];

    /// <summary>Earlier pending ticks that fired first, because their turn had come.</summary>
    public IReadOnlyList<TickRecord> Released { get; init; } = [];
}
