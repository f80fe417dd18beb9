using Errand.Storage;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Workers;

/// <summary>
/// Renews one task's lease on a heartbeat. If the store says the lease is gone, or the lease could not be renewed
/// before it would lapse (store unreachable), the task is stopped: a worker must never go on running a task
/// unfenced after another may have taken it over.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LeaseKeeper(
        ILeaseStore store, LeaseToken lease, WorkerOptions options, TimeProvider time, ILogger logger, Action<StopReason> onStop)
    {
        _loop = RunAsync(store, lease, options, time, logger, onStop, _stop.Token);
    }

    public static LeaseKeeper Start(
        ILeaseStore store, LeaseToken lease, WorkerOptions options, TimeProvider time, ILogger logger, Action<StopReason> onStop) =>
        new(store, lease, options, time, logger, onStop);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(
        ILeaseStore store, LeaseToken lease, WorkerOptions options, TimeProvider time, ILogger logger,
        Action<StopReason> onStop, CancellationToken cancellationToken)
    {
        var lastRenewed = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.EffectiveHeartbeat, time, cancellationToken);
            try
            {
                var renewal = await store.RenewAsync(lease, options.LeaseDuration, cancellationToken);
                if (renewal == LeaseRenewal.Lost)
                {
                    onStop(StopReason.LeaseLost);
                    return;
                }

                lastRenewed = time.GetUtcNow();
                if (renewal == LeaseRenewal.CancelRequested)
                {
                    // Keep renewing: the task still has to write its cancellation under this lease.
                    onStop(StopReason.CancelRequested);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Task {TaskId}: heartbeat failed", lease.TaskId);
                if (time.GetUtcNow() - lastRenewed >= options.LeaseDuration)
                {
                    onStop(StopReason.LeaseLost);
                    return;
                }
            }
        }
    }
}
