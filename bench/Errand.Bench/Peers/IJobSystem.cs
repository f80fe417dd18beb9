namespace Errand.Bench.Peers;

/// <summary>
/// A queue under test, in this process: Errand's worker over one of its stores, or a Hangfire server over one of
/// its storages. Jobs are no-ops that record when they started in <see cref="Starts"/>.
/// </summary>
internal interface IJobSystem : IAsyncDisposable
{
    string Name { get; }

    StartBook Starts { get; }

    /// <summary>Enqueues one no-op job durably; returns the key its start is recorded under.</summary>
    Task<long> EnqueueAsync(CancellationToken cancellationToken);

    /// <summary>Whether all <paramref name="enqueued"/> jobs enqueued so far have reached their final successful state.</summary>
    Task<bool> AllSucceededAsync(long enqueued, CancellationToken cancellationToken);
}
