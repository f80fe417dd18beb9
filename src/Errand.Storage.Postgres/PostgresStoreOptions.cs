using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Errand.Storage.Postgres;

/// <summary>How to open a <see cref="PostgresStore"/>. Bound once at start-up; <see cref="PostgresStore.OpenAsync"/> validates it.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// An Npgsql connection string or a <c>postgres://user:password@host:port/database</c> URL (see
    /// <see cref="PostgresConnection"/>). It may hold a password: it is never logged or printed.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>The clock for every stored time (leases, timers, the journal). Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How many times an operation that is safe to repeat (reads, heartbeats, claims, transitions, hand-backs) is
    /// retried after losing the server (restart, terminated connection); with the growing pause, about ten seconds.
    /// </summary>
    public int MaxRetries { get; init; } = 8;

    /// <summary>
    /// Whether concurrent writes of this process (enqueues, transitions, journal appends) share transactions, so many
    /// of them share one commit. On by default; off makes each its own transaction (for comparison in benchmarks).
    /// </summary>
    public bool GroupCommit { get; init; } = true;

    /// <summary>
    /// Whether a task's lifecycle takes the store's cheaper paths (issue 7): pooled connections are not reset on return
    /// to the pool, and a commit group's statements (with a success's dependant statements) go to the server in one
    /// round trip. On by default; off restores the statements the store sent before, so a benchmark can compare both
    /// in one run (the schema's migrations 7 and 8 apply either way). Either way the store keeps the same contract.
    /// </summary>
    public bool LeanLifecycle { get; init; } = true;

    /// <summary>Where the store logs reconnections and retries.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
    }
}
