using Microsoft.Extensions.Logging;

namespace Errand.Engine.Workers;

/// <summary>A background loop that runs a step on an interval (on the injected clock) until stopped.</summary>
internal abstract class PeriodicLoop(TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    protected abstract string Name { get; }

    /// <summary>The injected clock the loop waits on.</summary>
    protected TimeProvider Time => time;

    /// <summary>How long to wait before the first step.</summary>
    protected virtual TimeSpan InitialDelay => TimeSpan.Zero;

    /// <summary>Returned by a step to end the loop.</summary>
    protected static TimeSpan Done => Timeout.InfiniteTimeSpan;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

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

    /// <summary>One step; returns how long to wait before the next.</summary>
    protected abstract Task<TimeSpan> StepAsync(CancellationToken cancellationToken);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (InitialDelay > TimeSpan.Zero)
        {
            await Task.Delay(InitialDelay, time, cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await StepAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store may be briefly unreachable; the loop must outlive that.
                logger.LogWarning(ex, "{Loop} step failed; trying again", Name);
                wait = TimeSpan.FromSeconds(1);
            }

            if (wait == Done)
            {
                return;
            }

            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
