namespace Errand.Bench.Peers;

/// <summary>
/// A queue under test, deployed as a team runs it: this process enqueues (Errand's store, Hangfire's client) and a
/// worker process runs the jobs (Errand's worker, Hangfire's server). Jobs are no-ops that report when they started,
/// recorded in <see cref="Starts"/>.
/// </summary>
internal interface IJobSystem : IAsyncDisposable
{
    string Name { get; }

    StartBook Starts { get; }

    /// <summary>Jobs enqueued before the worker process started (warm-up the worker's first fetch finds at once).</summary>
    long EnqueuedBeforeStart { get; }

    /// <summary>Enqueues one no-op job durably; returns the key its start is recorded under.</summary>
    Task<long> EnqueueAsync(CancellationToken cancellationToken);

    /// <summary>Whether all <paramref name="enqueued"/> jobs enqueued so far have reached their final successful state.</summary>
    Task<bool> AllSucceededAsync(long enqueued, CancellationToken cancellationToken);

    /// <summary>CPU time used so far by this process and the worker process together.</summary>
    TimeSpan CpuTime();
}
