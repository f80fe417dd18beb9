using Errand.Fleets;

namespace Errand.Storage;

/// <summary>
/// Fleets: one template over many slices, at most <c>max_parallel</c> released at once, and a fan-in that runs once.
/// The cap holds however many workers and processes run the slices because it is kept where slices end: a slice's task
/// ending releases the next pending slices as tasks in the same transaction as that end, and the last slice's end
/// enqueues the fan-in task in that same transaction too (under the fleet's row lock where the store has row locks).
/// </summary>
public interface IFleetStore
{
    /// <summary>
    /// Stores the fleet and its slices (pending) and releases the first <see cref="NewFleet.MaxParallel"/> of them as
    /// queued tasks, all in one transaction. Throws <see cref="ArgumentException"/> for a fleet <see cref="NewFleet.Validate"/> refuses.
    /// </summary>
    Task<FleetRecord> CreateFleetAsync(NewFleet fleet, CancellationToken cancellationToken);

    /// <summary>One fleet with its counts, or null.</summary>
    Task<FleetRecord?> GetFleetAsync(long fleetId, CancellationToken cancellationToken);

    /// <summary>Fleets, newest first.</summary>
    Task<IReadOnlyList<FleetRecord>> ListFleetsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The fleet's slices in order, each with its task's state and result once released.</summary>
    Task<IReadOnlyList<FleetSliceRecord>> ListSlicesAsync(long fleetId, CancellationToken cancellationToken);

    /// <summary>The fleet a task belongs to (as a slice or as the fan-in), or null.</summary>
    Task<FleetMembership?> FleetOfTaskAsync(long taskId, CancellationToken cancellationToken);

    /// <summary>
    /// The released slices of fleets stopped by their failure policy (<c>stopping</c>) whose tasks have not ended and,
    /// when running, have not been asked to cancel yet: the caller cancels them through the usual task path. Empty in
    /// the common case, so a periodic pass can ask it cheaply.
    /// </summary>
    Task<IReadOnlyList<SliceToStop>> ListSlicesToStopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Cancels an unfinished fleet: its pending slices are cancelled (never released), no fan-in will start, and
    /// <paramref name="notifications"/> (its <c>fleet_finished</c> rows) are written in the same transaction. Returns the
    /// released slices' tasks that have not ended, which the caller cancels through the usual task path; a fan-in
    /// already running is among them.
    /// </summary>
    Task<FleetCancellation> CancelFleetAsync(long fleetId, string reason, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken);
}
