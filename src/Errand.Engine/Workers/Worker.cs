using System.Collections.Concurrent;
using Errand.Engine.Pipeline;
using Errand.Engine.Runtime;
using Errand.Engine.Scheduling;
using Errand.Engine.Secrets;
using Errand.Engine.Tasks;
using Errand.Secrets;
using Errand.Storage;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Workers;

/// <summary>
/// Claims tasks and runs up to <see cref="WorkerOptions.Concurrency"/> of them at once, each under a lease kept by
/// heartbeat. Also runs the lease reaper, the timer pump and the scheduler. Stopping is graceful: stop claiming, let running
/// tasks finish within <see cref="WorkerOptions.ShutdownTimeout"/>, then hand the rest back to the queue.
/// </summary>
public sealed class Worker : IAsyncDisposable
{
    private static readonly TimeSpan ClaimBatchWindow = TimeSpan.FromMilliseconds(2);

    private readonly EngineServices _services;
    private readonly WorkerOptions _options;
    private readonly TaskTransitions _transitions;
    private readonly TaskExecution _execution;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _handBack = new();
    private readonly LeaseReaper _reaper;
    private readonly TimerPump _timers;
    private readonly TaskCountsLoop _counts;
    private readonly StuckWatch? _stuck;
    private readonly Scheduler? _scheduler;
    private Task _claimLoop = Task.CompletedTask;
    private int _state; // 0 new, 1 started, 2 stopped

    /// <summary>Creates a worker; call <see cref="Start"/>.</summary>
    public Worker(EngineServices services, WorkerOptions options)
    {
        options.Validate();
        _services = services;
        _options = options;
        _logger = services.Logging.CreateLogger<Worker>();
        _transitions = new TaskTransitions(services.Store, services.NotificationRoutes, services.Time, services.Metrics);
        _execution = new TaskExecution(services, _transitions, options, _logger);
        _slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        _reaper = new LeaseReaper(_transitions, services.Store, options, services.Time, _logger);
        _timers = new TimerPump(_transitions, services.Store, options, services.Time, _logger);
        _counts = new TaskCountsLoop(services.Store, services.Metrics, options.CountsInterval, services.Time, _logger);
        _stuck = options.StuckAfter is { } stuckAfter ? new StuckWatch(_transitions, services.Store, stuckAfter, services.Time, _logger) : null;
        _scheduler = options.Scheduler is { } schedules
            ? new Scheduler(services.Store, schedules, services.Time, services.Logging.CreateLogger<Scheduler>())
            : null;
    }

    /// <summary>This worker's id (the lease owner it writes).</summary>
    public string WorkerId => _options.WorkerId;

    /// <summary>Tasks running now.</summary>
    public int RunningCount => _running.Count;

    /// <summary>Starts claiming and the housekeeping loops.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("a worker starts once");
        }

        _reaper.Start();
        _timers.Start();
        _counts.Start();
        _stuck?.Start();
        _scheduler?.Start();
        _claimLoop = Task.Run(() => ClaimLoopAsync(_stopClaiming.Token));
    }

    /// <summary>
    /// Stops gracefully: no new claims; running tasks get the shutdown timeout to finish, then are handed back to
    /// the queue for another worker. <paramref name="cancellationToken"/> cuts the grace period short.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        await _stopClaiming.CancelAsync();
        if (_scheduler is not null)
        {
            await _scheduler.DisposeAsync();
        }

        await _claimLoop;
        var all = Task.WhenAll(_running.Values);
        try
        {
            await all.WaitAsync(_options.ShutdownTimeout, _services.Time, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            _logger.LogWarning("Handing {Count} running tasks back to the queue", _running.Count);
            await _handBack.CancelAsync();
            await Task.WhenAll(_running.Values);
        }

        await _reaper.DisposeAsync();
        if (_stuck is not null)
        {
            await _stuck.DisposeAsync();
        }

        await _timers.DisposeAsync();
        await _counts.DisposeAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopClaiming.Dispose();
        _handBack.Dispose();
        _slots.Dispose();
    }

    private async Task ClaimLoopAsync(CancellationToken stopping)
    {
        var request = new ClaimRequest(_options.WorkerId, 0, _options.LeaseDuration);
        var batch = Math.Max(1, _options.Concurrency / 4);
        var backlog = false;
        while (!stopping.IsCancellationRequested)
        {
            int wanted;
            try
            {
                await _slots.WaitAsync(stopping);
                wanted = 1;
                while (wanted < _options.Concurrency && _slots.Wait(0))
                {
                    wanted++;
                }

                // With a backlog (the last claim got all it asked for), wait a moment for more slots before claiming:
                // tasks end in groups (their last writes share a commit), and one claim of many costs the store about
                // what a claim of one does. Real time, not the injected clock: a bound on a wait for slots, which a
                // test's fake clock must not hold up. Queued tasks wait at most this long more; idle, nothing waits.
                while (backlog && wanted < batch && await _slots.WaitAsync(ClaimBatchWindow, stopping))
                {
                    wanted++;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            IReadOnlyList<TaskClaim> claims;
            try
            {
                // Not cancellable: a claim that commits after its caller gave up would leave tasks running under
                // this worker's name with nobody working on them until their leases lapse.
                claims = await _transitions.ClaimAsync(request with { MaxTasks = wanted }, CancellationToken.None);
            }
            catch (Exception ex)
            {
                _slots.Release(wanted);
                if (ex is OperationCanceledException && stopping.IsCancellationRequested)
                {
                    return;
                }

                _logger.LogWarning(ex, "Claiming failed; trying again");
                await WaitQuietlyAsync(_services.Store.WaitForWorkAsync(_options.PollInterval, stopping));
                continue;
            }

            backlog = claims.Count == wanted;
            if (claims.Count < wanted)
            {
                _slots.Release(wanted - claims.Count);
            }

            foreach (var claim in claims)
            {
                Launch(claim);
            }

            if (claims.Count < wanted)
            {
                // The queue is empty: sleep until an enqueue in this process wakes us, or the poll interval
                // passes (for enqueues made by other processes).
                await WaitQuietlyAsync(_services.Store.WaitForWorkAsync(_options.PollInterval, stopping));
            }
        }
    }

    private void Launch(TaskClaim claim)
    {
        // The task is registered before it can finish, so its own removal below never runs first.
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Task.Run(async () =>
        {
            await registered.Task;
            TaskJournal? journal = null;
            try
            {
                await _execution.RunAsync(claim, _handBack.Token, j => journal = j);
            }
            catch (Exception ex)
            {
                // SECRETS: what escapes an attempt (its clean-up, its last writes) may quote the task's output; it is
                // logged through the attempt's redactor, which holds the task's secrets once they were read.
                RedactingLogger.For(_logger, journal?.Redactor ?? SecretRedactor.Empty)
                    .LogError(ex, "Task {TaskId}: execution crashed", claim.Task.Id);
            }
            finally
            {
                _running.TryRemove(claim.Task.Id, out _);
                _slots.Release();
            }
        });
        _running[claim.Task.Id] = run;
        registered.SetResult();
    }

    private static async Task WaitQuietlyAsync(Task wait)
    {
        try
        {
            await wait;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
