using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Engine;
using Errand.Bench.Support;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Bench.Stores;

/// <summary>
/// Enqueue→start latency and full-lifecycle throughput with the submitter and the worker in different processes, as
/// on a team's machines: this process enqueues, a child process (<see cref="StoreWorkerCommand"/>) runs a worker with
/// the no-op agent and reports each start. Only the store connects them: SQLite by its file, PostgreSQL by its
/// database (LISTEN/NOTIFY).
/// </summary>
/// <remarks>
/// The burst's cost is read from /proc around it (see <see cref="StoreCost"/>): this process's CPU (the submitter), the
/// worker process's, and, given <c>server</c>, the PostgreSQL server's processes', each divided by the tasks.
/// </remarks>
internal sealed class CrossProcessScenario(string name, string location, int concurrency, int pollMs, int producers, int maxWarmUpPasses, ServerCounters? server = null)
{
    private readonly ConcurrentDictionary<long, long> _started = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiting = new();
    // Warm-up passes until the worker compiles at most this many methods per 1,000 tasks of a pass.
    private const int SteadyMethodsPerThousand = 20;

    private TaskCompletionSource<RuntimeCounters> _runtime = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Tasks run before the measured burst, once <see cref="RunAsync"/> has run.</summary>
    public int WarmUpTasks { get; private set; }

    public async Task<ScenarioResult> RunAsync(int idleSamples, int burst, CancellationToken cancellationToken)
    {
        await using var store = await BenchStores.OpenAsync(location, cancellationToken);
        using var worker = StartWorker();
        var task = new NewTask("noop", TaskSpecJson.Serialize(new TaskSpec { Title = "noop", Agent = "noop", Sandbox = new SandboxSpec { Backend = "null", BackendExplicit = true } }));

        // Warm up both processes on the burst's own path (JIT up to its optimised tier, pools, prepared statements), so
        // the burst measures a worker that has been running a while, not one compiling its code. One pass of a quarter
        // burst was not enough: on a loaded machine the worker still compiled ~530 methods per 1,000 tasks of the burst,
        // and perf found a quarter of its CPU in the JIT and as much again in code still in its PGO-instrumented tiers.
        // So it goes on, pass after pass, until a pass compiles next to nothing in the worker (or maxWarmUpPasses; with 0 there is none: a cold worker).
        var pass = Math.Max(500, burst / 4);
        for (var passes = 1; passes <= maxWarmUpPasses; passes++)
        {
            var compiledBefore = (await WorkerRuntimeAsync(worker, cancellationToken)).JitMethods;
            await BurstAsync(store, task, pass, new ConcurrentDictionary<long, long>(), cancellationToken);
            await DrainAsync(store, cancellationToken);
            var compiled = (await WorkerRuntimeAsync(worker, cancellationToken)).JitMethods - compiledBefore;
            if (compiled * 1000 / pass <= SteadyMethodsPerThousand || passes == maxWarmUpPasses)
            {
                WarmUpTasks = passes * pass;
                break;
            }
        }

        var idle = new List<double>(idleSamples);
        for (var i = 0; i < idleSamples; i++)
        {
            var before = Stopwatch.GetTimestamp();
            var record = await store.EnqueueAsync(task, cancellationToken);
            idle.Add(Stopwatch.GetElapsedTime(before, await StartedAsync(record.Id).WaitAsync(cancellationToken)).TotalMilliseconds);
            await DrainAsync(store, cancellationToken);
        }

        var enqueuedAt = new ConcurrentDictionary<long, long>();
        var statsBefore = server is null ? default : await server.ReadStatsAsync(cancellationToken);
        var statementsBefore = server is null ? null : await server.ReadStatementsAsync(cancellationToken);
        var (workerRuntimeBefore, submitterRuntimeBefore) = (await WorkerRuntimeAsync(worker, cancellationToken), RuntimeCounters.Now());
        var (submitterBefore, workerBefore, serverBefore, kindsBefore) = (ProcessCpu.Ms(Environment.ProcessId), ProcessCpu.Ms(worker.Id), server?.CpuMs(), server?.CpuByKind());
        var clock = Stopwatch.StartNew();
        await BurstAsync(store, task, burst, enqueuedAt, cancellationToken);
        await DrainAsync(store, cancellationToken);
        var elapsed = clock.Elapsed;
        var (submitterAfter, workerAfter, serverAfter, kindsAfter) = (ProcessCpu.Ms(Environment.ProcessId), ProcessCpu.Ms(worker.Id), server?.CpuMs(), server?.CpuByKind());
        var (workerRuntime, submitterRuntime) = (await WorkerRuntimeAsync(worker, cancellationToken) - workerRuntimeBefore, RuntimeCounters.Now() - submitterRuntimeBefore);
        var statsAfter = server is null ? default : await server.ReadStatsAsync(cancellationToken);
        var statements = statementsBefore is null ? null : ServerCounters.Busiest(statementsBefore, (await server!.ReadStatementsAsync(cancellationToken))!, burst);
        var cost = new StoreCost(
            (submitterAfter - submitterBefore) / burst,
            (workerAfter - workerBefore) / burst,
            serverAfter - serverBefore is { } serverMs ? serverMs / burst : null,
            server is null ? null : (double)(statsAfter.Commits - statsBefore.Commits) / burst,
            statsAfter.Statements - statsBefore.Statements is { } count ? (double)count / burst : null)
        {
            SubmitterRuntime = submitterRuntime,
            WorkerRuntime = workerRuntime,
            BusiestStatements = statements,
            ServerByKind = kindsAfter?.ToDictionary(k => k.Key, k => (k.Value - kindsBefore!.GetValueOrDefault(k.Key)) / burst),
            TaskUpdates = server is null || statsAfter.TaskUpdates == statsBefore.TaskUpdates ? null
                : ((double)(statsAfter.TaskUpdates - statsBefore.TaskUpdates) / burst,
                    (double)(statsAfter.HotTaskUpdates - statsBefore.HotTaskUpdates) / (statsAfter.TaskUpdates - statsBefore.TaskUpdates)),
        };

        var load = enqueuedAt.Where(e => _started.ContainsKey(e.Key))
            .Select(e => Stopwatch.GetElapsedTime(e.Value, _started[e.Key]).TotalMilliseconds).Order().ToList();
        idle.Sort();
        worker.StandardInput.Close();
        await worker.WaitForExitAsync(cancellationToken);
        return new ScenarioResult(name, Percentiles.Of(idle, 50), Percentiles.Of(idle, 99), burst / elapsed.TotalSeconds,
            Percentiles.Of(load, 50), Percentiles.Of(load, 99), burst) { Cost = cost };
    }

    private Task BurstAsync(IErrandStore store, NewTask task, int count, ConcurrentDictionary<long, long> enqueuedAt, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = p; i < count; i += producers)
            {
                var before = Stopwatch.GetTimestamp();
                enqueuedAt[(await store.EnqueueAsync(task, cancellationToken)).Id] = before;
            }
        }, cancellationToken)));

    private async Task<RuntimeCounters> WorkerRuntimeAsync(Process worker, CancellationToken cancellationToken)
    {
        _runtime = new TaskCompletionSource<RuntimeCounters>(TaskCreationOptions.RunContinuationsAsynchronously);
        await worker.StandardInput.WriteLineAsync("runtime".AsMemory(), cancellationToken);
        await worker.StandardInput.FlushAsync(cancellationToken);
        return await _runtime.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
    }

    private Process StartWorker() => StoreWorkerProcess.Start(location,
        ["--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--poll", pollMs.ToString(CultureInfo.InvariantCulture)],
        (id, timestamp) =>
        {
            _started[id] = timestamp;
            if (_waiting.TryRemove(id, out var waiter))
            {
                waiter.TrySetResult();
            }
        },
        counters => _runtime.TrySetResult(counters));

    private async Task<long> StartedAsync(long id)
    {
        var waiter = _waiting.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_started.ContainsKey(id))
        {
            waiter.TrySetResult();
        }

        await waiter.Task;
        return _started[id];
    }

    private static async Task DrainAsync(IErrandStore store, CancellationToken cancellationToken)
    {
        var pending = new TaskQuery { States = [TaskState.Queued, TaskState.Running], Limit = 1 };
        // Not much more often than the wall time needs: each look is a statement, counted in the burst's cost.
        while ((await store.ListAsync(pending, cancellationToken)).Count > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
