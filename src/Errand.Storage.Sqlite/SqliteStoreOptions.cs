using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Errand.Storage.Sqlite;

/// <summary>How to open a <see cref="SqliteStore"/>. Bound once at start-up; <see cref="SqliteStore.OpenAsync"/> validates it.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file; created (with its directory) when missing.</summary>
    public required string Path { get; init; }

    /// <summary>The clock for every stored time (leases, timers, the journal). Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long a statement waits for another process's write lock before the batch is retried.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a batch is retried when another process keeps the write lock past <see cref="BusyTimeout"/>.</summary>
    public int MaxBusyRetries { get; init; } = 5;

    /// <summary>The most write operations committed together in one transaction (group commit).</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>How many idle read connections are kept open for reuse.</summary>
    public int ReaderPoolSize { get; init; } = 4;

    /// <summary>
    /// Wake this instance's waiters when another process on the same file queues work or notifications (a watched file
    /// beside the database), instead of only at the next poll.
    /// </summary>
    public bool CrossProcessWakeups { get; init; } = true;

    /// <summary>Where the store logs retries and failed batches.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Path);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBusyRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReaderPoolSize, 1);
    }
}
