using Errand.Storage;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Workers;

/// <summary>
/// Renews one task's lease on a heartbeat. If the store says the lease is gone, or the lease could not be renewed
/// before it would lapse (store unreachable), the task is stopped: a worker must never go on running a task
/// unfenced after another may have taken it over.
/// </summary>
internal sealed class LeaseKeeper : PeriodicLoop
{
    private readonly ILeaseStore _store;
    private readonly LeaseToken _lease;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<StopReason> _onStop;
    private DateTimeOffset _lastRenewed;

    private LeaseKeeper(
        ILeaseStore store, LeaseToken lease, WorkerOptions options, TimeProvider time, ILogger logger, Action<StopReason> onStop)
        : base(time, logger)
    {
        _store = store;
        _lease = lease;
        _options = options;
        _time = time;
        _logger = logger;
        _onStop = onStop;
        _lastRenewed = time.GetUtcNow();
    }

    protected override string Name => $"lease keeper of task {_lease.TaskId}";

    protected override TimeSpan InitialDelay => _options.EffectiveHeartbeat;

    public static LeaseKeeper Start(
        ILeaseStore store, LeaseToken lease, WorkerOptions options, TimeProvider time, ILogger logger, Action<StopReason> onStop)
    {
        var keeper = new LeaseKeeper(store, lease, options, time, logger, onStop);
        keeper.Start();
        return keeper;
    }

    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var renewal = await _store.RenewAsync(_lease, _options.LeaseDuration, cancellationToken);
            if (renewal == LeaseRenewal.Lost)
            {
                _onStop(StopReason.LeaseLost);
                return Done;
            }

            _lastRenewed = _time.GetUtcNow();
            if (renewal == LeaseRenewal.CancelRequested)
            {
                // Keep renewing: the task still has to write its cancellation under this lease.
                _onStop(StopReason.CancelRequested);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Task {TaskId}: heartbeat failed", _lease.TaskId);
            if (_time.GetUtcNow() - _lastRenewed >= _options.LeaseDuration)
            {
                _onStop(StopReason.LeaseLost);
                return Done;
            }
        }

        return _options.EffectiveHeartbeat;
    }
}
