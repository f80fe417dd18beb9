using Errand.Storage.Postgres.Connections;
using Errand.Storage.Postgres.Rows;
using Errand.Storage.Postgres.Schema;
using Errand.Storage.Postgres.Signals;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Errand.Storage.Postgres;

/// <summary>
/// The store for teams and many machines: one PostgreSQL database shared by every submitter, worker and
/// scheduler, on any host. Each operation is one statement (or one pipelined batch) in its own transaction:
/// claims take rows with <c>FOR UPDATE SKIP LOCKED</c>, fenced writes check the lease under the task's row lock,
/// and whatever queues work is notified right after its commit (<see cref="Notifier"/>), which a dedicated
/// listening connection in every other process turns into wake-ups. Every stored time comes from the injected clock.
/// </summary>
public sealed partial class PostgresStore : IErrandStore
{
    private readonly NpgsqlDataSource _source;
    private readonly Database _db;
    private readonly PostgresStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly WorkSignal _work = new();
    private readonly WorkSignal _outbox = new();
    private readonly NotificationListener _listener;
    private readonly Notifier _notifier;
    private readonly ChangeSignal _journal = new();
    private readonly CommitGroup? _commits;
    private readonly ILogger _logger;
    private int _disposed;

    private PostgresStore(NpgsqlDataSource source, PostgresStoreOptions options, ILogger logger)
    {
        _source = source;
        _options = options;
        _time = options.TimeProvider;
        _logger = logger;
        _db = new Database(source, options.MaxRetries, logger);
        var self = Guid.NewGuid().ToString("N");
        _listener = new NotificationListener(source, self, _work, _outbox, logger);
        _notifier = new Notifier(_db, self, logger);
        _commits = options.GroupCommit ? new CommitGroup(_db, options.LeanLifecycle, logger) : null;
    }

    /// <summary>Where the store points, without secrets: <c>postgres://user@host:port/database</c>.</summary>
    public string Description => PostgresConnection.Describe(_options.ConnectionString);

    /// <summary>How many times the listening connection has been established (1 until it had to reconnect).</summary>
    public long ListenerConnects => _listener.Connects;

    /// <summary>
    /// Connects, migrates the database to the newest schema and starts listening for other processes' work.
    /// Throws <see cref="InvalidOperationException"/> when the database was migrated by a newer Errand.
    /// </summary>
    public static async Task<PostgresStore> OpenAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var source = new NpgsqlDataSourceBuilder(PostgresConnection.ForStore(options.ConnectionString, options.LeanLifecycle, options.IdleInTransactionTimeout)).Build();
        var store = new PostgresStore(source, options, options.LoggerFactory.CreateLogger<PostgresStore>());
        try
        {
            await store.MigrateAsync(cancellationToken);
            await store._listener.StartAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var migrator = new SchemaMigrator(Migrations.All, _time, _logger);
        return _db.RetryingAsync(async (connection, token) =>
        {
            await migrator.MigrateAsync(connection, token);
            return true;
        }, cancellationToken);
    }

    /// <summary>Stops listening and closes every connection. Writes already acknowledged are committed in the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_commits is not null)
        {
            await _commits.DisposeAsync();
        }

        await _notifier.DisposeAsync();
        await _listener.DisposeAsync();
        await _source.DisposeAsync();
    }

    /// <summary>A read, or a write that is safe to repeat: retried on a fresh connection after losing the server.</summary>
    private Task<T> RetryingAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _db.RetryingAsync(work, cancellationToken);
    }

    /// <summary>A write whose outcome cannot be told after a lost answer: run once, failures surfaced.</summary>
    private Task<T> OnceAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _db.OnceAsync(work, cancellationToken);
    }

    /// <summary>
    /// A write in a transaction shared with this process's concurrent writes (see <see cref="CommitGroup"/>):
    /// <paramref name="repeatable"/> when it can tell its own earlier commit after a lost answer; <paramref name="lockKey"/>
    /// is the task whose row it locks first, if any.
    /// </summary>
    private Task<T> GroupedAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, bool repeatable, long? lockKey, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _commits is { } group ? group.RunAsync(work, repeatable, lockKey, cancellationToken) : CommitGroup.AloneAsync(_db, work, repeatable, cancellationToken);
    }

    /// <summary>As the other overload, for a write whose statements may share the group's round trip (see <see cref="PipelinedWrite{T}"/>).</summary>
    private Task<T> GroupedAsync<T>(PipelinedWrite<T> write, bool repeatable, long? lockKey, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _commits is { } group ? group.RunAsync(write, repeatable, lockKey, cancellationToken) : CommitGroup.AloneAsync(_db, write.RunAsync, repeatable, cancellationToken);
    }

    private DateTimeOffset Now() => StoreTime.Now(_time);

    /// <summary>Work committed by <paramref name="xid"/> (null: unknown) is queued: wake this process's waiters and tell the others.</summary>
    private void WorkQueued(ulong? xid)
    {
        _journal.Raise();
        _work.Raise(xid);
        _notifier.Work();
    }

    /// <summary>Journal events were committed through this instance: wake its journal readers (see <see cref="WaitForJournalAsync"/>).</summary>
    private async Task<T> Journaled<T>(Task<T> write)
    {
        var result = await write;
        _journal.Raise();
        return result;
    }

    /// <summary>Outbox rows became due: wake this process's dispatchers and tell the others.</summary>
    private void OutboxDue()
    {
        _outbox.Raise(null);
        _notifier.Outbox();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameters.Of(value));
        }

        return command;
    }
}
