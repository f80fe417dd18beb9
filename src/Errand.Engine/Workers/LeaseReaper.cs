using System.Globalization;
using Errand.Engine.Tasks;
using Errand.Notifications;
using Errand.Storage;
using Errand.Tasks;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Workers;

/// <summary>
/// Returns tasks whose worker stopped heartbeating to the queue. Runs in every worker process; the store makes
/// each reclaim happen once, with a raised fence, so the dead worker's late writes are refused. It also ends dependants
/// left waiting for a prerequisite that did not succeed (<see cref="TaskTransitions.SettleBlockedAsync"/>), and cancels the slices
/// still unfinished of fleets their failure policy stopped (<see cref="TaskTransitions.StopHaltedSlicesAsync"/>).
/// </summary>
internal sealed class LeaseReaper(TaskTransitions transitions, IErrandStore store, WorkerOptions options, TimeProvider time, ILogger logger)
    : PeriodicLoop(time, logger)
{
    // Expiry is "lease_expires_at < now": a pass exactly at the instant would find the lease still held.
    private static readonly TimeSpan ExpirySlack = TimeSpan.FromMilliseconds(5);

    // A lease that had lapsed when a pass looked and is still there after it was skipped: its row is locked (on
    // PostgreSQL, by a write of its owner in flight, or an owner paused inside a transaction). Looking again at once
    // made every worker's reaper spin (one idle worker: 135 commits a second, measured, for as long as the row stayed
    // locked, as a SIGSTOPped worker's may for its whole pause), so the next pass waits this long: a renewal's lock is
    // gone within it, and a quarter second is well inside the second of lag the reclaim target allows.
    internal static readonly TimeSpan LockedRetry = TimeSpan.FromMilliseconds(250);

    private readonly ILogger _logger = logger;

    protected override string Name => "lease reaper";

    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        var pass = Time.GetUtcNow();
        foreach (var reclaimed in await transitions.ReclaimExpiredAsync(cancellationToken))
        {
            _logger.LogInformation("Task {TaskId}: lease of {Owner} lapsed; now {State}", reclaimed.TaskId, reclaimed.PreviousOwner, reclaimed.NewState);
            if (reclaimed.NewState == TaskState.Failed && await store.GetAsync(reclaimed.TaskId, cancellationToken) is { State: TaskState.Failed } failed)
            {
                // The store failed it in the reclaim itself; its notification follows (keyed by the fence, so a second
                // reaper writing it again is ignored). A crash in between loses it: the reclaim is not repeated.
                await transitions.NotifyAsync(failed, null, NotificationEvents.Failed, null, "f" + failed.Fence.ToString(CultureInfo.InvariantCulture), cancellationToken);
            }
        }

        // Dependants of tasks that ended without succeeding where no one applied their policy (a process died in between).
        await transitions.SettleBlockedAsync(cancellationToken);

        // Slices of fleets their failure policy stopped that are still unfinished (a process died before cancelling them).
        await transitions.StopHaltedSlicesAsync(cancellationToken);

        // An orphan is reclaimed when its lease lapses, not up to a tick later: the next pass is at the soonest expiry
        // when that comes before the regular tick (a renewal in between only makes that pass find nothing).
        return NextWait(pass, await store.NextLeaseExpiryAsync(cancellationToken), Time.GetUtcNow(), options.ReaperInterval);
    }

    /// <summary>
    /// How long to wait after a pass that began at <paramref name="pass"/> and ended at <paramref name="now"/>, when the
    /// soonest lease still held expires at <paramref name="nextExpiry"/> (null: none).
    /// </summary>
    internal static TimeSpan NextWait(DateTimeOffset pass, DateTimeOffset? nextExpiry, DateTimeOffset now, TimeSpan interval)
    {
        if (nextExpiry is not { } at)
        {
            return interval;
        }

        if (at < pass)
        {
            // Lapsed before the pass looked, and left by it: locked, see LockedRetry.
            return LockedRetry < interval ? LockedRetry : interval;
        }

        var untilExpiry = at - now + ExpirySlack;
        return untilExpiry < ExpirySlack ? ExpirySlack : untilExpiry > interval ? interval : untilExpiry;
    }
}
