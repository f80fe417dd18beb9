using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using SQLite;

namespace Errand.Bench.Peers;

/// <summary>
/// Hangfire in this process: a <see cref="BackgroundJobServer"/> with its default worker count over
/// Hangfire.Storage.SQLite (a file in WAL, synchronous=FULL, as Errand's) or Hangfire.PostgreSql (the same durable
/// server as Errand's), and a <see cref="BackgroundJobClient"/> enqueuing <c>() =&gt; HangfireJobs.NoOp(key)</c>.
/// </summary>
internal sealed class HangfireJobSystem : IJobSystem
{
    private readonly JobStorage _storage;
    private readonly BackgroundJobServer _server;
    private readonly BackgroundJobClient _client;
    private readonly long _succeededBefore;
    private long _nextKey;

    static HangfireJobSystem() => GlobalJobFilters.Filters.Add(HangfireSucceededCounter.Instance);

    private HangfireJobSystem(string name, JobStorage storage)
    {
        Name = name;
        _storage = storage;
        HangfireJobs.Book = Starts;
        _succeededBefore = HangfireSucceededCounter.Instance.Succeeded;
        _client = new BackgroundJobClient(storage);
        _server = new BackgroundJobServer(new BackgroundJobServerOptions(), storage);
    }

    public string Name { get; }

    public StartBook Starts { get; } = new();

    /// <summary>Hangfire.Storage.SQLite on a file; <paramref name="pollInterval"/> null keeps its default (15 s).</summary>
    public static HangfireJobSystem Sqlite(string name, string path, TimeSpan? pollInterval)
    {
        var options = new SQLiteStorageOptions();
        if (pollInterval is { } poll)
        {
            options.QueuePollInterval = poll;
        }

        // The same durability as Errand's SQLite store: WAL, every commit fsynced.
        var connections = new SQLiteDbConnectionFactory(() =>
        {
            var connection = new SQLiteConnection(path, SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.NoMutex, storeDateTimeAsTicks: true)
            {
                BusyTimeout = TimeSpan.FromSeconds(10),
            };
            connection.ExecuteScalar<string>("PRAGMA journal_mode=WAL");
            connection.Execute("PRAGMA synchronous=FULL");
            return connection;
        });
        return new HangfireJobSystem(name, new SQLiteStorage(connections, options));
    }

    /// <summary>
    /// Hangfire.PostgreSql in its own schema; <paramref name="pollInterval"/> null keeps its defaults (15 s poll, no
    /// long polling), otherwise that poll with LISTEN/NOTIFY long polling on, its fastest pick-up.
    /// </summary>
    public static HangfireJobSystem Postgres(string name, string connectionString, string schema, TimeSpan? pollInterval)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = schema, PrepareSchemaIfNecessary = true };
        if (pollInterval is { } poll)
        {
            options.QueuePollInterval = poll;
            options.EnableLongPolling = true;
        }

        return new HangfireJobSystem(name, new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options));
    }

    public Task<long> EnqueueAsync(CancellationToken cancellationToken)
    {
        var key = Interlocked.Increment(ref _nextKey);
        _client.Enqueue(() => HangfireJobs.NoOp(key));
        return Task.FromResult(key);
    }

    public Task<bool> AllSucceededAsync(long enqueued, CancellationToken cancellationToken) =>
        Task.FromResult(HangfireSucceededCounter.Instance.Succeeded - _succeededBefore >= enqueued);

    public async ValueTask DisposeAsync()
    {
        _server.SendStop();
        await _server.WaitForShutdownAsync(CancellationToken.None);
        _server.Dispose();
        (_storage as IDisposable)?.Dispose();
    }
}
