using System.Diagnostics;
using System.Globalization;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Chaos.Scenario;

/// <summary>
/// Runs many short command tasks on real worker processes sharing one store while killing (-9) and pausing
/// (SIGSTOP past the lease) them, and injecting the server faults given; then checks the invariants from the store
/// and the journals (<see cref="ChaosVerdict"/>).
/// </summary>
internal static class ChaosRun
{
    // No kill or pause from shortly before a server fault (this share of the tasks) until throughput is back after it
    // (FaultQuiet): the throughput it costs is the fault's alone, measured against a baseline no kill disturbed either.
    private const double FaultQuietBefore = 0.03;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

    public static async Task<ChaosReport> RunAsync(ChaosOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.WorkDirectory);
        var executions = Path.Combine(options.WorkDirectory, "executions.log");
        File.WriteAllText(executions, "");
        var log = options.Log ?? (_ => { });
        var random = new Random(options.Seed);

        await using var store = await options.Store.Open(cancellationToken);
        var ids = await EnqueueAsync(store, options, executions, cancellationToken);
        log($"{ids.Count} tasks queued on {options.Store.Name}; starting {options.Workers} workers");

        await using var fleet = new WorkerFleet(options);
        await fleet.StartAsync(cancellationToken);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);

        var faults = new List<(ServerFault Fault, DateTimeOffset At, string Note)>();
        var pauses = new List<Task>();
        var nextKill = clock.Elapsed + Gap(options, random);
        var kills = 0;
        var stopsDone = 0;
        var faultsDone = 0;
        var done = 0;
        var faultQuiet = new FaultQuiet();
        while (!deadline.IsCancellationRequested)
        {
            done = await CountEndedAsync(store, ids.Count, deadline.Token);
            faultQuiet.Record(clock.Elapsed, done);
            if (done >= ids.Count)
            {
                break;
            }

            var share = (double)done / ids.Count;
            var quiet = faultQuiet.IsQuiet(clock.Elapsed)
                || (faultsDone < options.ServerFaults.Count && share >= options.ServerFaults[faultsDone].AtDoneShare - FaultQuietBefore);
            // Kills spread over the tasks (the i-th once i/(kills+1) of them have ended), at least a random gap apart:
            // however fast or slow the run, every kill lands while work is under way. A kill that finds no victim (see
            // VictimAsync) is tried again at the next progress tick; it does not wait for a restarted worker to be up
            // while another live one is there.
            if (!quiet && kills < options.Kills && clock.Elapsed >= nextKill && share >= (kills + 1.0) / (options.Kills + 1)
                && await VictimAsync(store, fleet, options.Workers, random, deadline.Token) is { } victim)
            {
                var killed = fleet.KillAndRestart(victim);
                killed.Held = await HeldAsync(store, killed.WorkerId, deadline.Token);
                kills++;
                log($"{clock.Elapsed.TotalSeconds,6:0.0}s kill -9 {killed.WorkerId} holding {killed.Held.Count} tasks ({done}/{ids.Count} done)");
                nextKill = clock.Elapsed + Gap(options, random);
            }

            // Pauses spread over the run: the first at a third of the tasks, the next at two thirds.
            // A worker holding no task at that moment is not paused (it would leave the fence nothing to refuse): the
            // next progress tick tries again.
            if (!quiet && stopsDone < options.Stops && share >= (stopsDone + 1.0) / (options.Stops + 2)
                && await BusiestAsync(store, fleet, options.Workers, deadline.Token) is { } paused)
            {
                var pause = options.Lease + TimeSpan.FromSeconds(2);
                var stop = fleet.Pause(paused);
                stop.Held = await HeldAsync(store, stop.WorkerId, deadline.Token);
                log($"{clock.Elapsed.TotalSeconds,6:0.0}s SIGSTOP {stop.WorkerId} holding {stop.Held.Count} tasks for {pause.TotalSeconds:0.0}s ({done}/{ids.Count} done)");
                pauses.Add(fleet.ResumeAsync(paused, stop, pause, deadline.Token));
                stopsDone++;
            }

            if (faultsDone < options.ServerFaults.Count && share >= options.ServerFaults[faultsDone].AtDoneShare && pauses.All(p => p.IsCompleted))
            {
                var fault = options.ServerFaults[faultsDone++];
                var at = DateTimeOffset.UtcNow;
                faultQuiet.Injected(clock.Elapsed);
                var note = await fault.Inject(deadline.Token);
                faults.Add((fault, at, note));
                log($"{clock.Elapsed.TotalSeconds,6:0.0}s {fault.Name}: {note}");
            }

            try
            {
                await Task.Delay(ProgressEvery, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }

        var elapsed = clock.Elapsed;
        log($"{elapsed.TotalSeconds,6:0.0}s {done}/{ids.Count} tasks ended; {kills} kills; checking the store and the journals");

        // A paused worker gets its SIGCONT, and time to try its stale writes, before anything is counted.
        await Task.WhenAll(pauses);
        if (pauses.Count > 0)
        {
            await Task.Delay(options.Lease / 3 + TimeSpan.FromSeconds(1), cancellationToken);
        }

        await fleet.StopAllAsync();
        fleet.CountRefusals();
        return await ChaosVerdict.BuildAsync(store, options, ids, executions, fleet.Interruptions, faults, started, elapsed, cancellationToken);
    }

    private static async Task<List<long>> EnqueueAsync(IErrandStore store, ChaosOptions options, string executions, CancellationToken cancellationToken)
    {
        // Each run of the command appends one line to the execution log (outside any store, so a run that died with
        // its worker still counts) and prints which attempt ran: the journal must attribute it to that attempt.
        var sleep = options.TaskDuration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var spec = new TaskSpec
        {
            Title = "chaos",
            Agent = "command",
            Command = $"echo \"$ERRAND_TASK_ID $ERRAND_ATTEMPT\" >> '{executions}'; echo \"task $ERRAND_TASK_ID attempt $ERRAND_ATTEMPT ran\"; sleep {sleep}",
            Sandbox = new SandboxSpec { Backend = "none", BackendExplicit = true },
        };
        var json = TaskSpecJson.Serialize(spec);
        var ids = new List<long>(options.Tasks);
        for (var i = 0; i < options.Tasks; i++)
        {
            var task = await store.EnqueueAsync(new NewTask(spec.Title, json) { MaxAttempts = options.MaxAttempts }, cancellationToken);
            ids.Add(task.Id);
        }

        return ids;
    }

    private static async Task<int> CountEndedAsync(IErrandStore store, int total, CancellationToken cancellationToken)
    {
        try
        {
            var ended = await store.ListAsync(
                new TaskQuery { States = [TaskState.Succeeded, TaskState.Failed, TaskState.Cancelled, TaskState.Partial], Limit = total }, cancellationToken);
            return ended.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The server may be down on purpose (a restart): the harness's own reads wait like the workers do.
            return 0;
        }
    }

    // The live worker holding the most running tasks, or null when none holds any: pausing it leaves the most work for
    // the fence to protect.
    private static async Task<int?> BusiestAsync(IErrandStore store, WorkerFleet fleet, int workers, CancellationToken cancellationToken)
    {
        var held = await HeldCountsAsync(store, fleet, workers, cancellationToken);
        return held.Count > 0 ? held.MaxBy(w => w.Held).Slot : null;
    }

    // A random live worker (up and not paused) holding running tasks — a kill of an idle worker orphans nothing — but
    // never the last live one: some worker's reaper must be there to reclaim. Null when there is none right now.
    private static async Task<int?> VictimAsync(IErrandStore store, WorkerFleet fleet, int workers, Random random, CancellationToken cancellationToken)
    {
        if (Enumerable.Range(0, workers).Count(fleet.IsLive) < 2)
        {
            return null;
        }

        var held = await HeldCountsAsync(store, fleet, workers, cancellationToken);
        return held.Count > 0 ? held[random.Next(held.Count)].Slot : null;
    }

    private static async Task<List<(int Slot, int Held)>> HeldCountsAsync(IErrandStore store, WorkerFleet fleet, int workers, CancellationToken cancellationToken)
    {
        var running = await RunningAsync(store, cancellationToken);
        return [.. Enumerable.Range(0, workers).Where(fleet.IsLive)
            .Select(slot => (slot, running.Count(t => t.LeaseOwner == fleet[slot].Id))).Where(w => w.Item2 > 0)];
    }

    // What the worker holds, just after it was killed or paused: each task with its lease's expiry.
    private static async Task<IReadOnlyDictionary<long, DateTimeOffset>> HeldAsync(IErrandStore store, string workerId, CancellationToken cancellationToken) =>
        (await RunningAsync(store, cancellationToken)).Where(t => t.LeaseOwner == workerId && t.LeaseExpiresAt is not null)
            .ToDictionary(t => t.Id, t => t.LeaseExpiresAt!.Value);

    private static async Task<IReadOnlyList<TaskRecord>> RunningAsync(IErrandStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ListAsync(new TaskQuery { States = [TaskState.Running], Limit = 10_000 }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The server may be down on purpose (a restart): no victim this tick.
            return [];
        }
    }

    private static TimeSpan Gap(ChaosOptions options, Random random) => options.KillEvery * (0.5 + random.NextDouble());
}
