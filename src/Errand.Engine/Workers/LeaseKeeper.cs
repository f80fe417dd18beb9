using Errand.Storage;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Workers;

/// <summary>
/// Renews one task's lease on a heartbeat. If the store says the lease is gone, or the lease could not be renewed
/// before it would lapse (store unreachable, or so slow that a renewal would come too late), the task is stopped:
/// a worker must never go on running a task unfenced after another may have taken it over.
/// </summary>
/// <remarks>
/// FENCING: the store extends a lease from its own clock when the renewal runs, which is no earlier than when it
/// was sent; so "sent + lease" is a time the lease is known to hold until. The keeper stops the task a margin
/// before that time, and never waits on a renewal past it: a store that hangs (a server restarting, a dropped
/// connection, a lock held elsewhere) is given up on at the deadline, not when it finally answers.
/// </remarks>
internal sealed class LeaseKeeper : PeriodicLoop
{
    private readonly ILeaseStore _store;
    private readonly LeaseToken _lease;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<StopReason> _onStop;

    // Until when the lease is known to hold: when the last successful renewal (or the claim) was sent, plus the lease.
    private DateTimeOffset _heldUntil;

    private LeaseKeeper(
        ILeaseStore store, LeaseToken lease, DateTimeOffset heldUntil, WorkerOptions options, TimeProvider time, ILogger logger, Action<StopReason> onStop)
        : base(time, logger)
    {
        _store = store;
        _lease = lease;
        _options = options;
        _time = time;
        _logger = logger;
        _onStop = onStop;
        _heldUntil = heldUntil;
    }

    /// <summary>How long before the lease would lapse an unrenewed task is stopped: time for the stop to take effect.</summary>
    public TimeSpan StopMargin => _options.LeaseDuration / 5;

    protected override string Name => $"lease keeper of task {_lease.TaskId}";

    protected override TimeSpan InitialDelay => _options.EffectiveHeartbeat;

    /// <param name="store">Where the lease is renewed.</param>
    /// <param name="lease">The lease.</param>
    /// <param name="heldUntil">When the lease lapses unless renewed, as the claim set it (the task's <c>LeaseExpiresAt</c>).</param>
    /// <param name="options">Lease and heartbeat durations.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where failed heartbeats are logged.</param>
    /// <param name="onStop">Told to stop the task.</param>
    public static LeaseKeeper Start(
        ILeaseStore store, LeaseToken lease, DateTimeOffset heldUntil, WorkerOptions options, TimeProvider time, ILogger logger, Action<StopReason> onStop)
    {
        var keeper = new LeaseKeeper(store, lease, heldUntil, options, time, logger, onStop);
        keeper.Start();
        return keeper;
    }

    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        var sent = _time.GetUtcNow();
        var deadline = _heldUntil - StopMargin;
        if (sent >= deadline)
        {
            return GiveUp(null);
        }

        try
        {
            // Waited on only until the deadline, whether or not the store honours the cancellation.
            var renewal = await _store.RenewAsync(_lease, _options.LeaseDuration, cancellationToken).WaitAsync(deadline - sent, _time, cancellationToken);
            if (renewal == LeaseRenewal.Lost)
            {
                _onStop(StopReason.LeaseLost);
                return Done;
            }

            _heldUntil = sent + _options.LeaseDuration;
            if (renewal == LeaseRenewal.CancelRequested)
            {
                // Keep renewing: the task still has to write its cancellation under this lease.
                _onStop(StopReason.CancelRequested);
            }
        }
        catch (TimeoutException)
        {
            return GiveUp(null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Task {TaskId}: heartbeat failed", _lease.TaskId);
            if (_time.GetUtcNow() >= _heldUntil - StopMargin)
            {
                return GiveUp(ex);
            }
        }

        // Never sleep past the deadline: the next try must come while there is still time to stop.
        var untilDeadline = _heldUntil - StopMargin - _time.GetUtcNow();
        return untilDeadline < _options.EffectiveHeartbeat ? TimeSpan.FromTicks(Math.Max(untilDeadline.Ticks, 0)) : _options.EffectiveHeartbeat;
    }

    private TimeSpan GiveUp(Exception? error)
    {
        _logger.LogWarning(error, "Task {TaskId}: the lease could not be renewed and lapses at {HeldUntil:O}; stopping the task before it does",
            _lease.TaskId, _heldUntil);
        _onStop(StopReason.LeaseLost);
        return Done;
    }
}
