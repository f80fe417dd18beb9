using System.Globalization;
using Errand.Journal;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Chaos.Scenario;

/// <summary>Reads the store, the journals and the execution log after a run and checks the invariants.</summary>
internal static class ChaosVerdict
{
    private const double RecoveredShare = FaultQuiet.RecoveredShare;
    private static readonly TimeSpan Baseline = FaultQuiet.Baseline;

    public static async Task<ChaosReport> BuildAsync(
        IErrandStore store, ChaosOptions options, IReadOnlyList<long> ids, string executionLog, IReadOnlyList<Interruption> interruptions,
        IReadOnlyList<(ServerFault Fault, DateTimeOffset At, string Note)> faults, DateTimeOffset started, TimeSpan elapsed,
        CancellationToken cancellationToken)
    {
        var violations = new List<string>();
        var runs = File.ReadLines(executionLog)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 2)
            .GroupBy(p => long.Parse(p[0], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count());

        int lost = 0, failed = 0, doubleCompletions = 0, staleWrites = 0, reclaims = 0, unprovoked = 0, duplicates = 0;
        var completions = new List<DateTimeOffset>();
        var reclaimDelays = new List<double>();
        var reclaimedToClaimed = new List<double>();
        var requeueToClaim = new List<double>();
        var killToExpiry = new List<double>();
        var reaperLag = new List<double>();
        foreach (var id in ids)
        {
            var task = await store.GetAsync(id, cancellationToken);
            var journal = await store.ReadAsync(id, 0, 1_000_000, cancellationToken);
            var verdict = JournalReplay.Check(journal);
            if (task is null || !task.State.IsTerminal())
            {
                lost++;
                violations.Add($"task {id} lost: {task?.State.ToWireName() ?? "missing"} at the end");
                continue;
            }

            if (task.State == TaskState.Failed)
            {
                failed++;
                violations.Add($"task {id} failed: {task.Reason}");
            }

            if (verdict.Final != task.State)
            {
                violations.Add($"task {id}: the journal ends {verdict.Final?.ToWireName() ?? "nowhere"} but the task is {task.State.ToWireName()}");
            }

            violations.AddRange(verdict.Problems.Select(p => $"task {id}: {p}"));
            staleWrites += verdict.StaleWrites;
            if (verdict.Completions > 1)
            {
                doubleCompletions++;
                violations.Add($"task {id} completed {verdict.Completions} times");
            }

            if (verdict.CompletedAt is { } at)
            {
                completions.Add(at);
            }

            var ran = runs.GetValueOrDefault(id);
            duplicates += Math.Max(0, ran - 1);
            if (ran == 0 && task.State == TaskState.Succeeded)
            {
                violations.Add($"task {id} succeeded without its command running");
            }

            foreach (var expired in journal.Where(e => e.Kind == JournalKinds.LeaseExpired))
            {
                reclaims++;
                var owner = verdict.Owners.GetValueOrDefault(expired.Attempt);
                // The worker's last kill or pause before the lease lapsed (a paused worker lives on, and may be killed later).
                if (interruptions.LastOrDefault(i => i.WorkerId == owner && i.At <= expired.At) is not { } cause)
                {
                    // A lease that lapsed under a live, running worker: heartbeats late on a starved machine.
                    unprovoked++;
                }
                else
                {
                    reclaimDelays.Add((expired.At - cause.At).TotalSeconds);
                    var next = journal.FirstOrDefault(e => e.Kind == JournalKinds.Claimed && e.Attempt == expired.Attempt + 1);
                    if (next is not null)
                    {
                        reclaimedToClaimed.Add((next.At - cause.At).TotalSeconds);
                        requeueToClaim.Add((next.At - expired.At).TotalSeconds);
                    }

                    // Where the time went: the lease running out (at most the lease after the signal), then the reaper.
                    if (cause.Held.TryGetValue(id, out var expiry))
                    {
                        killToExpiry.Add((expiry - cause.At).TotalSeconds);
                        reaperLag.Add((expired.At - expiry).TotalSeconds);
                    }
                }
            }

            // A task runs again only after it lost its worker: each re-run follows a reclaimed lease or a hand-back.
            var takenBack = journal.Count(e => e.Kind is JournalKinds.LeaseExpired or JournalKinds.Released);
            if (ran - 1 > takenBack)
            {
                violations.Add($"task {id} ran {ran} times but lost its worker {takenBack} times");
            }
        }

        var kills = interruptions.Count(i => i.Kind == "kill");
        var stops = interruptions.Count(i => i.Kind == "stop");
        if (duplicates > reclaims)
        {
            violations.Add($"{duplicates} duplicate executions but only {reclaims} reclaimed leases: a task ran again without losing its worker");
        }

        // Each kill or pause can make every task its worker held then run again once. What a worker holds is read from
        // the store at the signal, and can be more than its concurrency: a starved worker's lapsed lease stays in its
        // name until the reaper takes it back, while the slot has already gone to another task. A lease that lapses
        // under a live but starved worker (a loaded machine) is reclaimed too, and its task runs again — at least
        // once, never completed twice: those re-runs are allowed on top of what the faults cause.
        var orphaned = interruptions.Sum(i => i.Held.Count);
        if (duplicates > orphaned + unprovoked)
        {
            violations.Add($"{duplicates} duplicate executions exceed what {kills} kills and {stops} pauses of workers holding "
                + $"{orphaned} tasks between them, plus {unprovoked} leases lapsed under live workers, can cause");
        }

        completions.Sort();
        return new ChaosReport
        {
            Store = options.Store.Name,
            Options = options,
            Tasks = ids.Count,
            Kills = kills,
            Stops = stops,
            Lost = lost,
            Failed = failed,
            DoubleCompletions = doubleCompletions,
            Executions = runs.Values.Sum(),
            DuplicateExecutions = duplicates,
            Reclaims = reclaims,
            UnprovokedReclaims = unprovoked,
            StaleWritesAccepted = staleWrites,
            StaleWritesRefused = interruptions.Sum(i => i.RefusedAfterResume),
            ReclaimSeconds = [.. reclaimDelays.Order()],
            ReclaimToClaimSeconds = [.. reclaimedToClaimed.Order()],
            SignalToExpirySeconds = [.. killToExpiry.Order()],
            ReaperLagSeconds = [.. reaperLag.Order()],
            RequeueToClaimSeconds = [.. requeueToClaim.Order()],
            Orphaned = orphaned,
            Elapsed = elapsed,
            TasksPerSecond = completions.Count / Math.Max(0.001, ((completions.Count > 0 ? completions[^1] : started) - started).TotalSeconds),
            Faults = [.. faults.Select(f => new FaultRecovery(f.Fault.Name, f.Note, Recovery(completions, f.At), BaselineRate(completions, f.At),
                [.. Enumerable.Range(0, 15).Select(s => PerSecond(completions, f.At + TimeSpan.FromSeconds(s)))]))],
            Violations = violations,
        };
    }

    /// <summary>
    /// Seconds from the fault until completions run again at <see cref="RecoveredShare"/> of their rate in the
    /// <see cref="Baseline"/> before it (one-second windows); null if they never did, or there was no baseline.
    /// </summary>
    private static double? Recovery(List<DateTimeOffset> completions, DateTimeOffset at)
    {
        var before = BaselineRate(completions, at);
        if (before <= 0)
        {
            return null;
        }

        for (var second = 0; second < 600; second++)
        {
            var from = at + TimeSpan.FromSeconds(second);
            if (PerSecond(completions, from) >= RecoveredShare * before)
            {
                return second + 1;
            }

            if (from > completions[^1])
            {
                return null;
            }
        }

        return null;
    }

    private static double BaselineRate(List<DateTimeOffset> completions, DateTimeOffset at) =>
        completions.Count(c => c >= at - Baseline && c < at) / Baseline.TotalSeconds;

    private static int PerSecond(List<DateTimeOffset> completions, DateTimeOffset from) =>
        completions.Count(c => c >= from && c < from + TimeSpan.FromSeconds(1));
}
