using System.Diagnostics;
using Errand.Bench.Support;
using Errand.Engine.Runtime;
using Errand.Engine.Workers;
using Errand.Specs;
using Errand.Storage;
using Errand.Storage.Sqlite;
using Errand.Tasks;

namespace Errand.Bench.Engine;

/// <summary>
/// Enqueue→start latency (idle: one task at a time) and full-lifecycle throughput (a burst of tasks from several
/// producers, with the latency of each under that load), on a real SQLite file with durable commits.
/// </summary>
internal sealed class EngineScenario(string name, TaskSpec spec, RecordingAgent agent, Func<IErrandStore, EngineServices> services, int concurrency)
{
    public async Task<ScenarioResult> RunAsync(int idleSamples, int burst, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("errand-bench-").FullName;
        try
        {
            await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = Path.Combine(dir, "errand.db") }, cancellationToken);
            await using var worker = new Worker(services(store), new WorkerOptions { Concurrency = concurrency });
            worker.Start();
            var task = new NewTask(spec.Title, TaskSpecJson.Serialize(spec));

            // Warm up: JIT, connection pools, statement caches.
            for (var i = 0; i < 50; i++)
            {
                await store.EnqueueAsync(task, cancellationToken);
            }

            await DrainAsync(store, cancellationToken);

            var idle = new List<double>(idleSamples);
            for (var i = 0; i < idleSamples; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var record = await store.EnqueueAsync(task, cancellationToken);
                var agentStarted = await agent.StartedAsync(record.Id).WaitAsync(cancellationToken);
                idle.Add(Stopwatch.GetElapsedTime(started, agentStarted).TotalMilliseconds);
                await DrainAsync(store, cancellationToken);
            }

            var enqueuedAt = new System.Collections.Concurrent.ConcurrentDictionary<long, long>();
            var clock = Stopwatch.StartNew();
            var producers = Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
            {
                for (var i = p; i < burst; i += 8)
                {
                    var before = Stopwatch.GetTimestamp();
                    var record = await store.EnqueueAsync(task, cancellationToken);
                    enqueuedAt[record.Id] = before;
                }
            }, cancellationToken));
            await Task.WhenAll(producers);
            await DrainAsync(store, cancellationToken);
            var elapsed = clock.Elapsed;

            var load = new List<double>(burst);
            foreach (var (id, before) in enqueuedAt)
            {
                if (agent.TryGetStart(id, out var agentStarted))
                {
                    load.Add(Stopwatch.GetElapsedTime(before, agentStarted).TotalMilliseconds);
                }
            }

            idle.Sort();
            load.Sort();
            return new ScenarioResult(name,
                Percentiles.Of(idle, 50), Percentiles.Of(idle, 99),
                burst / elapsed.TotalSeconds,
                Percentiles.Of(load, 50), Percentiles.Of(load, 99),
                burst);
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task DrainAsync(IErrandStore store, CancellationToken cancellationToken)
    {
        var pending = new TaskQuery { States = [TaskState.Queued, TaskState.Running], Limit = 1 };
        while ((await store.ListAsync(pending, cancellationToken)).Count > 0)
        {
            await Task.Delay(1, cancellationToken);
        }
    }
}
