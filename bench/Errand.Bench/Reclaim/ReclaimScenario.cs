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
/// Time to reclaim an orphan against the lease setting: a worker process (<see cref="StoreWorkerCommand"/> with
/// <c>--hang</c>) claims a task that never finishes and is killed with SIGKILL at a random point of its heartbeat
/// cycle; a surviving worker in this process, over the same SQLite file and with the same lease, reaps it and
/// starts it again. Measured from the kill to the survivor's agent start: lease expiry, reaper tick, claim.
/// </summary>
internal static class ReclaimScenario
{
    public static async Task<IReadOnlyList<ReclaimSample>> RunAsync(IReadOnlyList<TimeSpan> leases, int samples, CancellationToken cancellationToken)
    {
        var results = new List<ReclaimSample>();
        var spec = new NewTask("orphan", TaskSpecJson.Serialize(
            new TaskSpec { Title = "orphan", Agent = "noop", Sandbox = new SandboxSpec { Backend = "null", BackendExplicit = true } }));
        for (var sample = 0; sample < samples; sample++)
        {
            // Interleaved, so every setting sees the same machine noise.
            foreach (var lease in leases)
            {
                var dir = Directory.CreateTempSubdirectory("errand-bench-reclaim-").FullName;
                var location = "sqlite:" + Path.Combine(dir, "errand.db");
                try
                {
                    await using var store = await BenchStores.OpenAsync(location, cancellationToken);
                    var childStarted = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                    using var child = StoreWorkerProcess.Start(location,
                        ["--concurrency", "1", "--hang", "--lease", ((int)lease.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)],
                        (id, _) => childStarted.TrySetResult(id));
                    var task = await store.EnqueueAsync(spec, cancellationToken);
                    await childStarted.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);

                    var survivor = new RecordingAgent(null);
                    await using var worker = new Worker(new EngineServices(store, new NullWorkspaces(), [new NullSandboxes()], [survivor]),
                        new WorkerOptions { Concurrency = 1, LeaseDuration = lease });
                    worker.Start();
                    await Task.Delay(Random.Shared.NextDouble() * lease / 3, cancellationToken);
                    var killed = Stopwatch.GetTimestamp();
                    child.Kill(entireProcessTree: true);
                    var restarted = await survivor.StartedAsync(task.Id).WaitAsync(lease * 4 + TimeSpan.FromSeconds(30), cancellationToken);
                    var ms = Stopwatch.GetElapsedTime(killed, restarted).TotalMilliseconds;
                    results.Add(new ReclaimSample(lease, ms));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reclaim | lease {lease.TotalSeconds:0.#} s | kill → started again {ms:0} ms"));
                }
                finally
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(dir, recursive: true);
                }
            }
        }

        return results;
    }
}
