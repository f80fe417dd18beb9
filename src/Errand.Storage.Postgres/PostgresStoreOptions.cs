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

    /// <summary>
    /// Whether a commit group's enqueues go to the server as one multi-row statement instead of one statement each
    /// (with <see cref="GroupCommit"/> and <see cref="LeanLifecycle"/>). On by default; off is for comparison in benchmarks.
    /// </summary>
    public bool MergeWrites { get; init; } = true;

    /// <summary>
    /// Whether a commit group's transitions (a worker's final ones, above all) go to the server as one multi-row statement,
    /// each task still fenced on its own, instead of one statement each (with <see cref="GroupCommit"/> and
    /// <see cref="LeanLifecycle"/>). On by default; off is for comparison in benchmarks.
    /// </summary>
    public bool MergeTransitions { get; init; } = true;

    /// <summary>
    /// How long the server lets one of the store's connections sit idle inside a transaction before it ends the session
    /// (PostgreSQL's <c>idle_in_transaction_session_timeout</c>), so a worker that stops mid-transaction (paused,
    /// swapped out, cut off) cannot hold the row locks of the tasks it was writing for longer: the transaction is rolled
    /// back and the others go on. Shorter than the default lease, so a paused worker's locks are gone before the reaper
    /// needs its tasks. The store's own transactions wait on nothing but the server between their statements; one cut
    /// short by this (a process starved of CPU for that long) fails like a lost connection and its writes run again
    /// alone. Zero leaves the server's setting.
    /// </summary>
    public TimeSpan IdleInTransactionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the store logs reconnections and retries.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        if (IdleInTransactionTimeout < TimeSpan.Zero || IdleInTransactionTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleInTransactionTimeout), IdleInTransactionTimeout, "Must be zero (the server's setting) or a positive time up to about 24 days.");
        }
    }
}
