namespace Errand.Storage;

/// <summary>Leases on running tasks: heartbeats, hand-backs and the reaper.</summary>
public interface ILeaseStore
{
    /// <summary>Extends a lease by <paramref name="duration"/> from now, if the fence still matches.</summary>
    Task<LeaseRenewal> RenewAsync(LeaseToken lease, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>
    /// Hands a running task back to the queue (graceful shutdown), raising its fence so the old owner can write
    /// no more. Returns false when the fence no longer matches.
    /// </summary>
    Task<bool> ReleaseAsync(LeaseToken lease, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// The reaper: every running task whose lease has lapsed goes back to the queue with a raised fence and a
    /// <c>lease_expired</c> event, or to failed when it has used up its attempts.
    /// </summary>
    Task<IReadOnlyList<ReclaimedTask>> ReclaimExpiredAsync(CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ReclaimExpiredAsync(CancellationToken)"/>, and for each task it fails for good writes the outbox
    /// rows <paramref name="notifyFailed"/> gives for it (called with the task as it is after the change) in the same
    /// transaction: a task the reaper ends is notified like any other end, a fan-in's end as its fleet's.
    /// </summary>
    Task<IReadOnlyList<ReclaimedTask>> ReclaimExpiredAsync(Func<Tasks.TaskRecord, IReadOnlyList<OutboxMessage>> notifyFailed, CancellationToken cancellationToken);

    /// <summary>
    /// When the soonest lease of a running task lapses as things stand (null: nothing is running), so the reaper can
    /// wake right then instead of at its next tick.
    /// </summary>
    Task<DateTimeOffset?> NextLeaseExpiryAsync(CancellationToken cancellationToken);
}
