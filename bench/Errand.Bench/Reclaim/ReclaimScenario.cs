using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Stores;
using Errand.Bench.Support;
using Errand.Engine.Runtime;
using Errand.Engine.Workers;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Bench.Reclaim;

/// <summary>
/// Time to reclaim an orphan against the lease setting, on SQLite and on PostgreSQL: a worker process
/// (<see cref="StoreWorkerCommand"/> with <c>--hang</c>) claims a task that never finishes and is killed with SIGKILL at
/// a random point of its heartbeat cycle; a surviving worker in this process, over the same store and with the same
/// lease, reaps it and starts it again. Measured from the kill to the survivor's agent start: lease expiry, reaper
/// tick, claim. As many samples run at once as there are (store, lease) pairs, each on its own store.
/// </summary>
internal static class ReclaimScenario
{
    public const string Sqlite = "SQLite";
    public const string Postgres = "PostgreSQL";

    // Attempts to spare: with a short lease on a loaded machine the hanging worker's own heartbeat may come late and
    // its lease lapse once before the kill; the task must still be there to reclaim, not failed for attempts.
    private static readonly NewTask Orphan = new("orphan", TaskSpecJson.Serialize(
        new TaskSpec { Title = "orphan", Agent = "noop", Sandbox = new SandboxSpec { Backend = "null", BackendExplicit = true } }))
    {
        MaxAttempts = 10,
    };

    public static async Task<IReadOnlyList<ReclaimSample>> RunAsync(string postgres, IReadOnlyList<TimeSpan> leases, int samples, CancellationToken cancellationToken)
    {
        // As many at once as there are (store, lease) pairs, as in rounds of one sample per pair; but a slot freed by
        // a short lease takes the next sample at once instead of waiting out the round's longest lease.
        var pairs = new[] { Sqlite, Postgres }.SelectMany(store => leases.Select(lease => (Store: store, Lease: lease))).ToList();
        using var slots = new SemaphoreSlim(pairs.Count);
        var clock = Stopwatch.StartNew();
        var all = await Task.WhenAll(Enumerable.Range(0, samples).SelectMany(sample => pairs.Select((pair, i) => Task.Run(async () =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                return await OneAsync(pair.Store, postgres, pair.Lease, string.Create(CultureInfo.InvariantCulture, $"reclaim_{sample}_{i}"), cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }, cancellationToken))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# time: reclaim {all.Length} kills, {pairs.Count} at a time: {clock.Elapsed.TotalSeconds:0.0} s"));
        return all.OfType<ReclaimSample>().ToList();
    }

    // Null when the orphan was not started again in time (printed, and missing from the samples).
    private static async Task<ReclaimSample?> OneAsync(string kind, string postgres, TimeSpan lease, string name, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("errand-bench-reclaim-").FullName;
        var location = kind == Sqlite ? "sqlite:" + Path.Combine(dir, "errand.db") : await BenchSchemas.FreshAsync(postgres, name);
        try
        {
            await using var store = await BenchStores.OpenAsync(location, cancellationToken);
            var childStarted = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var child = StoreWorkerProcess.Start(location,
                ["--concurrency", "1", "--hang", "--lease", ((int)lease.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)],
                (id, _) => childStarted.TrySetResult(id));
            var task = await store.EnqueueAsync(Orphan, cancellationToken);
            await childStarted.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);

            var survivor = new RecordingAgent(null);
            await using var worker = new Worker(new EngineServices(store, new NullWorkspaces(), [new NullSandboxes()], [survivor]),
                new WorkerOptions { Concurrency = 1, LeaseDuration = lease });
            worker.Start();
            await Task.Delay(Random.Shared.NextDouble() * lease / 3, cancellationToken);
            var killed = Stopwatch.GetTimestamp();
            child.Kill(entireProcessTree: true);
            var limit = lease * 4 + TimeSpan.FromSeconds(30);
            var started = survivor.StartedAsync(task.Id);
            if (await Task.WhenAny(started, Task.Delay(limit, cancellationToken)) != started)
            {
                var state = await store.GetAsync(task.Id, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"reclaim | {kind} | lease {lease.TotalSeconds:0.#} s | NOT started again within {limit.TotalSeconds:0} s of the kill (task {state?.State}, attempt {state?.Attempt})"));
                return null;
            }

            var restarted = await started;
            var ms = Stopwatch.GetElapsedTime(killed, restarted).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reclaim | {kind} | lease {lease.TotalSeconds:0.#} s | kill → started again {ms:0} ms"));
            return new ReclaimSample(kind, lease, ms);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
