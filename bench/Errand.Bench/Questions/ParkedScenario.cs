using System.Diagnostics;
using System.Globalization;
using Errand.Agents.Command;
using Errand.Bench.Support;
using Errand.Engine.Runtime;
using Errand.Engine.Tasks;
using Errand.Engine.Workers;
using Errand.Journal;
using Errand.Sandboxing.None;
using Errand.Specs;
using Errand.Storage;
using Errand.Storage.Sqlite;
using Errand.Tasks;

namespace Errand.Bench.Questions;

/// <summary>
/// Tasks parked on a question: what they cost while they wait (a worker's CPU with many parked versus none, side by
/// side), and how soon one resumes after its answer (answered → claimed, from the journal's own timestamps), answered
/// through the worker's own store (this process) and through another store instance (as another process would).
/// </summary>
internal static class ParkedScenario
{
    // A network approval is asked before anything is prepared: the real parking path, with no workspace to build.
    private static readonly TaskSpec Spec = new()
    {
        Title = "parked",
        Agent = AgentNames.Command,
        Command = "true",
        Approvals = ["network:example.com"],
        Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
    };

    public static async Task RunAsync(int parked, int answers, TimeSpan idle, int rounds, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("errand-bench-parked-").FullName;
        try
        {
            Console.WriteLine($"## parked tasks: {parked:N0} parked, {answers} answers each way, CPU over {idle.TotalSeconds:0}s x {rounds} rounds");
            await using var full = await OpenAsync(Path.Combine(root, "parked.db"), cancellationToken);
            await using var empty = await OpenAsync(Path.Combine(root, "empty.db"), cancellationToken);
            var parkTime = Stopwatch.StartNew();
            await ParkAsync(full, parked + (2 * answers), cancellationToken);
            Console.WriteLine($"parked {parked + (2 * answers):N0} tasks through the real path (claim, ask, park) in {parkTime.Elapsed.TotalSeconds:0.0}s");

            var withParked = new List<double>();
            var withNone = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                // Interleaved, so both see the same machine noise.
                withParked.Add(await IdleCpuAsync(full, idle, cancellationToken));
                withNone.Add(await IdleCpuAsync(empty, idle, cancellationToken));
            }

            withParked.Sort();
            withNone.Sort();
            Console.WriteLine(Invariant($"worker CPU while idle, median of {rounds}: {Median(withParked):0.0} ms/s with {parked:N0} parked, {Median(withNone):0.0} ms/s with none (ratio {Median(withParked) / Median(withNone):0.00})"));

            await using var other = await OpenAsync(Path.Combine(root, "parked.db"), cancellationToken);
            var (local, remote) = await ResumeLatencyAsync(full, other, answers, cancellationToken);
            Report("answered in the worker's process", local);
            Report("answered from another store instance (another process)", remote);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Task<SqliteStore> OpenAsync(string path, CancellationToken cancellationToken) =>
        SqliteStore.OpenAsync(new SqliteStoreOptions { Path = path }, cancellationToken);

    private static EngineServices Services(IErrandStore store) =>
        new(store, new NullWorkspaces(), [new NoneSandboxProvider(TimeProvider.System)], [new CommandAgentRuntime()]);

    private static WorkerOptions Options() => new() { Concurrency = 8, ShutdownTimeout = TimeSpan.FromSeconds(5) };

    private static async Task ParkAsync(SqliteStore store, int count, CancellationToken cancellationToken)
    {
        var transitions = new TaskTransitions(store);
        var json = TaskSpecJson.Serialize(Spec);
        for (var done = 0; done < count; done += 1000)
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Min(1000, count - done))
                .Select(_ => transitions.SubmitAsync(new NewTask(Spec.Title, json), cancellationToken)));
        }

        await using var worker = new Worker(Services(store), Options() with { Concurrency = 64 });
        worker.Start();
        while ((await store.ListAsync(new TaskQuery { States = [TaskState.Queued, TaskState.Running], Limit = 1 }, cancellationToken)).Count > 0)
        {
            await Task.Delay(200, cancellationToken);
        }
    }

    // CPU this process spends per second of wall time with a worker idling over the store.
    private static async Task<double> IdleCpuAsync(SqliteStore store, TimeSpan idle, CancellationToken cancellationToken)
    {
        await using var worker = new Worker(Services(store), Options());
        worker.Start();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // past start-up
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(idle, cancellationToken);
        process.Refresh();
        return (process.TotalProcessorTime - cpu).TotalMilliseconds / wall.Elapsed.TotalSeconds;
    }

    private static async Task<(List<double> Local, List<double> Remote)> ResumeLatencyAsync(
        SqliteStore store, SqliteStore other, int answers, CancellationToken cancellationToken)
    {
        var waiting = await store.ListAsync(new TaskQuery { States = [TaskState.WaitingForHuman], Limit = 2 * answers }, cancellationToken);
        await using var worker = new Worker(Services(store), Options());
        worker.Start();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var local = new TaskTransitions(store);
        var remote = new TaskTransitions(other);
        var (localMs, remoteMs) = (new List<double>(), new List<double>());
        for (var i = 0; i < waiting.Count; i++)
        {
            // One at a time, with the worker idle in between: the latency of a wake-up, not of a queue.
            var via = i % 2 == 0 ? local : remote;
            var outcome = await via.AnswerAsync(waiting[i].Id, "approve", "bench", cancellationToken);
            if (outcome.Status != AnswerStatus.Answered)
            {
                throw new InvalidOperationException($"task {waiting[i].Id}: {outcome.Status}");
            }

            var latency = await ClaimedAfterAnswerAsync(store, waiting[i].Id, cancellationToken);
            (i % 2 == 0 ? localMs : remoteMs).Add(latency);
            await Task.Delay(30, cancellationToken);
        }

        return (localMs, remoteMs);
    }

    private static async Task<double> ClaimedAfterAnswerAsync(SqliteStore store, long taskId, CancellationToken cancellationToken)
    {
        for (var spins = 0; ; spins++)
        {
            var events = await store.ReadLatestAsync(taskId, 50, cancellationToken);
            var answered = events.LastOrDefault(e => e.Kind == JournalKinds.Answered);
            var claimed = answered is null ? null : events.FirstOrDefault(e => e.Kind == JournalKinds.Claimed && e.Seq > answered.Seq);
            if (claimed is not null)
            {
                return (claimed.At - answered!.At).TotalMilliseconds;
            }

            if (spins > 10_000)
            {
                throw new TimeoutException($"task {taskId} was not resumed");
            }

            await Task.Delay(2, cancellationToken);
        }
    }

    private static void Report(string how, List<double> samples)
    {
        samples.Sort();
        Console.WriteLine(Invariant($"answer → resumed (claimed), {how}: p50 {Percentiles.Of(samples, 50):0.0} ms, p99 {Percentiles.Of(samples, 99):0.0} ms, max {samples[^1]:0.0} ms (n={samples.Count})"));
    }

    private static double Median(List<double> sorted) => Percentiles.Of(sorted, 50);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
