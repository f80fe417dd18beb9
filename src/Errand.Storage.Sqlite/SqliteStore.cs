using Errand.Storage.Sqlite.Connections;
using Errand.Storage.Sqlite.Schema;
using Errand.Storage.Sqlite.Signals;
using Errand.Storage.Sqlite.Writing;
using Microsoft.Extensions.Logging;

namespace Errand.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with durable commits (synchronous=FULL). Every write goes
/// through one group-commit writer per instance, so many concurrent callers share each fsync; reads use a small
/// pool of WAL reader connections. Several instances (processes) may open the same file: claims, fences, timers
/// and outbox claims stay correct across them because every write runs under SQLite's write lock.
/// </summary>
public sealed partial class SqliteStore : IErrandStore
{
    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteStoreOptions _options;
    private readonly GroupCommitWriter _writer;
    private readonly ReaderPool _readers;
    private readonly WorkSignal _signal;
    private readonly WorkSignal _outboxSignal;
    private readonly Doorbell _doorbell;
    private readonly ChangeSignal _committed;
    private readonly ILogger _logger;
    private int _disposed;

    private SqliteStore(string path, SqliteStoreOptions options, SqliteConnectionFactory connections, ILogger logger)
    {
        DatabasePath = path;
        _options = options;
        _connections = connections;
        _logger = logger;
        _signal = new WorkSignal();
        _outboxSignal = new WorkSignal();
        _doorbell = new Doorbell(path, _signal, _outboxSignal, options.CrossProcessWakeups, logger);
        _signal.RaisedLocally = _doorbell.RingWork;
        _outboxSignal.RaisedLocally = _doorbell.RingOutbox;
        _readers = new ReaderPool(connections, options.ReaderPoolSize);
        var statements = new StatementCache(connections.OpenWriter());
        var context = new WriteContext(statements, options.TimeProvider, _signal, _outboxSignal);
        _committed = context.Committed;
        _writer = new GroupCommitWriter(statements, context, options.MaxBatchSize, options.MaxBusyRetries, logger);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Opens (creating it when missing) and migrates the database at <see cref="SqliteStoreOptions.Path"/>.
    /// Throws <see cref="InvalidOperationException"/> when the file was written by a newer schema version.
    /// </summary>
    public static async Task<SqliteStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var path = Path.GetFullPath(options.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connections = new SqliteConnectionFactory(path, options.BusyTimeout);
        var logger = options.LoggerFactory.CreateLogger<SqliteStore>();
        await Task.Run(() => Migrate(connections, options, logger, cancellationToken), cancellationToken);
        return new SqliteStore(path, options, connections, logger);
    }

    /// <inheritdoc/>
    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Task.Run(() => Migrate(_connections, _options, _logger, cancellationToken), cancellationToken);
    }

    /// <summary>Lets every accepted write commit, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync();
        _doorbell.Dispose();
        _readers.Dispose();
    }

    private static void Migrate(SqliteConnectionFactory connections, SqliteStoreOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        using var connection = connections.OpenWriter();
        new SchemaMigrator(Migrations.All, logger).Migrate(connection, connections.Path, options.BusyTimeout, cancellationToken);
    }

    private async Task WaitForSignalAsync(WorkSignal signal, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var signalled = signal.NextAsync();
        if (signalled.IsCompleted)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(maxWait, _options.TimeProvider, stop.Token);
        await Task.WhenAny(signalled, timeout);
        await stop.CancelAsync(); // ends the timer when the signal came first
        cancellationToken.ThrowIfCancellationRequested();
    }

    private Task<T> ReadAsync<T>(Func<StatementCache, T> read, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return Task.FromResult(_readers.Read(read));
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }
}
