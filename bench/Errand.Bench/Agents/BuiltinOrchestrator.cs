using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Errand.Agents.Builtin;
using Errand.Agents.Models;
using Errand.Bench.Support;
using Errand.Engine.Runtime;
using Errand.Engine.Workers;
using Errand.Sandboxing.None;
using Errand.Specs;
using Errand.Storage;
using Errand.Storage.Sqlite;
using Errand.Tasks;
using Errand.Workspaces;

namespace Errand.Bench.Agents;

/// <summary>
/// The orchestrator process of one round: a real SQLite file (durable commits), one worker at concurrency N, the
/// real builtin agent over the real OpenAI client talking to the fake model process, the explicit <c>none</c>
/// sandbox and scratch workspaces. N tasks are submitted at once; it prints one JSON line with what it measured.
/// </summary>
internal static class BuiltinOrchestrator
{
    public const string Flag = "--builtin-orchestrator";
    public const string ResultPrefix = "RESULT ";

    public static async Task RunAsync(Uri modelUrl, int tasks, TimeSpan modelDelay, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("errand-bench-agents-").FullName;
        try
        {
            var baseline = ProcessMemory.Read().RssMiB;
            var models = new TimedChatClientFactory(new ChatClientFactory(new ModelOptions { OpenAiBaseUrl = new Uri(modelUrl, "v1"), OpenAiApiKey = "bench" }));
            await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = Path.Combine(dir, "errand.db") }, cancellationToken);
            var services = new EngineServices(store,
                new GitWorkspaceProvider(new GitWorkspaceOptions { Root = Path.Combine(dir, "data") }),
                [new NoneSandboxProvider(TimeProvider.System)],
                [new BuiltinAgentRuntime(models)]);
            await using var worker = new Worker(services, new WorkerOptions { Concurrency = tasks });
            worker.Start();

            var spec = new TaskSpec
            {
                Title = "write four notes",
                Agent = AgentNames.Builtin,
                Model = "openai/fake-gpt",
                Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
            };
            var task = new NewTask(spec.Title, TaskSpecJson.Serialize(spec));

            // Warm-up (JIT, connection pool, statement caches), not counted.
            await SubmitAsync(store, task, 20, cancellationToken);
            await DrainAsync(store, cancellationToken);
            models.Reset();

            var samples = new ConcurrentQueue<(long At, double Rss, double Managed, int Threads)>();
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
                try
                {
                    while (await timer.WaitForNextTickAsync(sampling.Token))
                    {
                        var (rss, _, threads) = ProcessMemory.Read();
                        samples.Enqueue((Stopwatch.GetTimestamp(), rss, GC.GetTotalMemory(false) / 1048576.0, threads));
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }, CancellationToken.None);

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var writtenBefore = ProcessMemory.StorageWriteBytes();
            var started = Stopwatch.GetTimestamp();
            var submitted = await SubmitAsync(store, task, tasks, cancellationToken);
            await DrainAsync(store, cancellationToken);
            var finished = Stopwatch.GetTimestamp();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var written = ProcessMemory.StorageWriteBytes() - writtenBefore;
            await sampling.CancelAsync();
            await sampler;

            var succeeded = (await store.ListAsync(new TaskQuery { States = [TaskState.Succeeded], Limit = tasks + 100 }, cancellationToken)).Count(t => submitted.ContainsKey(t.Id));
            var wall = Stopwatch.GetElapsedTime(started, finished);
            var (_, peak, _) = ProcessMemory.Read();
            var all = samples.ToList();
            var span = finished - started;
            var middle = all.Where(s => s.At >= started + (span / 4) && s.At <= started + (span * 3 / 4)).Select(s => s.Rss).Order().ToList();

            var clients = models.Clients.Select(c => c.Calls).Where(c => c.Count > 0).ToList();
            var gaps = clients.SelectMany(c => c.Zip(c.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.End, b.Start).TotalMilliseconds)).Order().ToList();
            var calls = clients.SelectMany(c => c.Select(x => Stopwatch.GetElapsedTime(x.Start, x.End).TotalMilliseconds)).Order().ToList();
            var first = clients.Select(c => Stopwatch.GetElapsedTime(started, c[0].Start).TotalMilliseconds).Order().ToList();

            var result = new BuiltinRoundResult(
                tasks, succeeded, wall.TotalSeconds, tasks / wall.TotalSeconds,
                baseline, Percentiles.Of(middle, 50), peak,
                all.Count == 0 ? 0 : all.Max(s => s.Managed), all.Count == 0 ? 0 : all.Max(s => s.Threads),
                calls.Count,
                Percentiles.Of(gaps, 50), Percentiles.Of(gaps, 99),
                Percentiles.Of(calls, 50), Percentiles.Of(calls, 99),
                Percentiles.Of(first, 50), Percentiles.Of(first, 99),
                modelDelay.TotalMilliseconds,
                calls.Count == 0 ? 0 : cpu.TotalMilliseconds / calls.Count,
                calls.Count == 0 ? 0 : written / 1024.0 / calls.Count);
            Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
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

    private static async Task<ConcurrentDictionary<long, bool>> SubmitAsync(IErrandStore store, NewTask task, int count, CancellationToken cancellationToken)
    {
        var ids = new ConcurrentDictionary<long, bool>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (_, ct) =>
        {
            var record = await store.EnqueueAsync(task, ct);
            ids[record.Id] = true;
        });
        return ids;
    }

    private static async Task DrainAsync(IErrandStore store, CancellationToken cancellationToken)
    {
        var pending = new TaskQuery { States = [TaskState.Queued, TaskState.Running], Limit = 1 };
        while ((await store.ListAsync(pending, cancellationToken)).Count > 0)
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
