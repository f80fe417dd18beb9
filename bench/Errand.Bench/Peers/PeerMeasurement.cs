using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Errand.Bench.Peers;

/// <summary>Measures one <see cref="IJobSystem"/> by a <see cref="PeerPlan"/>: the same harness for every system.</summary>
internal static class PeerMeasurement
{
    public static async Task<PeerResult> RunAsync(IJobSystem system, string engine, PeerPlan plan, PgCounters? postgres, CancellationToken cancellationToken)
    {
        var enqueued = system.EnqueuedBeforeStart;
        var phases = Stopwatch.StartNew();

        // Warm up: JIT, pools, prepared statements, schema.
        for (var i = enqueued; i < plan.Warmup; i++)
        {
            await system.EnqueueAsync(cancellationToken);
            enqueued++;
        }

        await WaitAsync(() => system.AllSucceededAsync(enqueued, cancellationToken), plan.Settle + plan.BurstTimeout, cancellationToken);

        var warmup = phases.Elapsed;
        var idleStarts = new List<(long Key, long Before)>(plan.Samples);
        for (var i = 0; i < plan.Samples; i++)
        {
            var before = Stopwatch.GetTimestamp();
            idleStarts.Add((await system.EnqueueAsync(cancellationToken), before));
            enqueued++;
            await Task.Delay(plan.Gap, cancellationToken);
        }

        await Task.WhenAny(Task.WhenAll(idleStarts.Select(s => system.Starts.StartedAsync(s.Key))), Task.Delay(plan.Settle, cancellationToken));
        var idle = Latencies(system.Starts, idleStarts);
        await WaitAsync(() => system.AllSucceededAsync(enqueued, cancellationToken), plan.Settle, cancellationToken);

        var idlePhase = phases.Elapsed - warmup;
        PgCounters.Snapshot? pgBefore = null;
        if (postgres is not null)
        {
            // Statements counted from here: the burst's alone, so the most frequent ones are this system's.
            await postgres.ResetStatementsAsync(cancellationToken);
            pgBefore = await postgres.ReadAsync(cancellationToken);
        }

        var cpuBefore = system.CpuTime();
        var burstStarts = new ConcurrentBag<(long Key, long Before)>();
        var clock = Stopwatch.StartNew();

        // Producers stop at the time limit too: enqueuing is as slow as running on some storages.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            for (var i = p; i < plan.Burst && clock.Elapsed < plan.BurstTimeout; i += 8)
            {
                var before = Stopwatch.GetTimestamp();
                burstStarts.Add((await system.EnqueueAsync(cancellationToken), before));
            }
        }, cancellationToken)));
        enqueued += burstStarts.Count;
        var left = plan.BurstTimeout - clock.Elapsed;
        var completed = burstStarts.Count == plan.Burst && left > TimeSpan.Zero
            && await WaitAsync(() => system.AllSucceededAsync(enqueued, cancellationToken), left, cancellationToken);
        var elapsed = clock.Elapsed;
        var cpu = system.CpuTime() - cpuBefore;
        var pg = postgres is null ? null : PgCounters.Between(pgBefore!, await postgres.ReadAsync(cancellationToken));
        var load = Latencies(system.Starts, burstStarts.ToList());
        var jobs = completed ? plan.Burst : load.Count;

        // Where a system's minutes go (the budget of the whole run is 15): printed, not published.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# time: {engine} | {system.Name} | warm-up {warmup.TotalSeconds:0.0} s, idle {idlePhase.TotalSeconds:0.0} s, burst {(phases.Elapsed - warmup - idlePhase).TotalSeconds:0.0} s"));
        return new PeerResult(system.Name, engine, idle, plan.Samples - idle.Count, jobs / elapsed.TotalSeconds, jobs, completed, load,
            cpu.TotalMilliseconds / Math.Max(jobs, 1), pg);
    }

    private static List<double> Latencies(StartBook starts, IReadOnlyList<(long Key, long Before)> enqueued)
    {
        var latencies = new List<double>(enqueued.Count);
        foreach (var (key, before) in enqueued)
        {
            if (starts.TryGet(key, out var started))
            {
                latencies.Add(Stopwatch.GetElapsedTime(before, started).TotalMilliseconds);
            }
        }

        latencies.Sort();
        return latencies;
    }

    // Polls every 25 ms (the poll's own queries are part of what the counters see: keep them few).
    private static async Task<bool> WaitAsync(Func<Task<bool>> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await done())
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(25, cancellationToken);
        }

        return true;
    }
}
