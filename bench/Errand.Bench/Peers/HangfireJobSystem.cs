using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Support;
using Hangfire;

namespace Errand.Bench.Peers;

/// <summary>
/// Hangfire as a team deploys it: a <see cref="BackgroundJobClient"/> in this process enqueues
/// <c>() =&gt; HangfireJobs.NoOp(key)</c>, and a <see cref="BackgroundJobServer"/> runs them in another process
/// (<see cref="HangfireServerCommand"/>); only the storage connects them.
/// </summary>
internal sealed class HangfireJobSystem : IJobSystem
{
    private readonly JobStorage _storage;
    private readonly BackgroundJobClient _client;
    private readonly Process _server;
    private long _nextKey;
    private long _succeeded;

    private HangfireJobSystem(string name, string engine, string location, string? schema, TimeSpan? poll, int warmup)
    {
        Name = name;

        // The client's storage first: it prepares the schema before the server opens it.
        _storage = HangfireStorages.Create(engine, location, schema, poll);
        _client = new BackgroundJobClient(_storage);

        // The warm-up is enqueued before the server starts, so its workers' first fetch finds it: at the default poll,
        // enqueued later it would wait up to 15 s for the next one, which is not what a warm-up is for.
        for (var i = 0; i < warmup; i++)
        {
            Enqueue();
        }

        EnqueuedBeforeStart = warmup;
        List<string> arguments = [HangfireServerCommand.Flag, engine, location];
        if (schema is not null)
        {
            arguments.AddRange(["--schema", schema]);
        }

        if (poll is { } interval)
        {
            arguments.AddRange(["--poll", ((int)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)]);
        }

        _server = BenchChild.Start(arguments, OnLine);
    }

    public string Name { get; }

    public StartBook Starts { get; } = new();

    public long EnqueuedBeforeStart { get; }

    /// <summary>Hangfire.Storage.SQLite on a file; a null poll keeps its default (15 s).</summary>
    public static HangfireJobSystem Sqlite(string name, string path, TimeSpan? poll, int warmup) =>
        new(name, HangfireStorages.Sqlite, path, null, poll, warmup);

    /// <summary>Hangfire.PostgreSql in its own schema; a null poll keeps its defaults (15 s, no long polling).</summary>
    public static HangfireJobSystem Postgres(string name, string connectionString, string schema, TimeSpan? poll, int warmup) =>
        new(name, HangfireStorages.Postgres, connectionString, schema, poll, warmup);

    public Task<long> EnqueueAsync(CancellationToken cancellationToken) => Task.FromResult(Enqueue());

    public Task<bool> AllSucceededAsync(long enqueued, CancellationToken cancellationToken) =>
        Task.FromResult(Interlocked.Read(ref _succeeded) >= enqueued);

    public TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime + BenchChild.CpuTime(_server);

    public async ValueTask DisposeAsync()
    {
        await BenchChild.StopAsync(_server, TimeSpan.FromSeconds(60));
        _server.Dispose();
        (_storage as IDisposable)?.Dispose();
    }

    private long Enqueue()
    {
        var key = Interlocked.Increment(ref _nextKey);
        _client.Enqueue(() => HangfireJobs.NoOp(key));
        return key;
    }

    private void OnLine(string line)
    {
        var parts = line.Split(' ');
        if (parts is ["succeeded"])
        {
            Interlocked.Increment(ref _succeeded);
        }
        else if (parts is ["started", var key, var timestamp])
        {
            Starts.Started(long.Parse(key, CultureInfo.InvariantCulture), long.Parse(timestamp, CultureInfo.InvariantCulture));
        }
    }
}
