using System.Globalization;

namespace Errand.Chaos.Scenario;

/// <summary>The figures of one chaos run and every invariant it broke (none, when all is well).</summary>
internal sealed record ChaosReport
{
    public required string Store { get; init; }

    public required ChaosOptions Options { get; init; }

    public int Tasks { get; init; }

    public int Kills { get; init; }

    public int Stops { get; init; }

    /// <summary>Tasks not ended when the run was over (or missing).</summary>
    public int Lost { get; init; }

    public int Failed { get; init; }

    /// <summary>Tasks whose journal holds more than one move into an ended state.</summary>
    public int DoubleCompletions { get; init; }

    /// <summary>Runs of a task's command, counted outside the store.</summary>
    public int Executions { get; init; }

    /// <summary>Runs beyond the first, summed over tasks: work a lost worker had under way, done again.</summary>
    public int DuplicateExecutions { get; init; }

    /// <summary>Leases the reaper took back (lease_expired events).</summary>
    public int Reclaims { get; init; }

    /// <summary>Leases that lapsed under a worker the harness had not killed or paused (heartbeats too late).</summary>
    public int UnprovokedReclaims { get; init; }

    public int StaleWritesAccepted { get; init; }

    /// <summary>Writes paused workers tried after SIGCONT that the fence refused ("lease lost" in their logs).</summary>
    public int StaleWritesRefused { get; init; }

    /// <summary>From each kill or pause to the lease_expired event of each task the worker held, sorted.</summary>
    public IReadOnlyList<double> ReclaimSeconds { get; init; } = [];

    /// <summary>From each kill or pause to the next claim of each task the worker held (by a live worker), sorted.</summary>
    public IReadOnlyList<double> ReclaimToClaimSeconds { get; init; } = [];

    /// <summary>From each kill or pause to the expiry of each held task's lease as the store had it then, sorted.</summary>
    public IReadOnlyList<double> SignalToExpirySeconds { get; init; } = [];

    /// <summary>From each orphan's lease expiry to its lease_expired event (the reaper's lag), sorted.</summary>
    public IReadOnlyList<double> ReaperLagSeconds { get; init; } = [];

    /// <summary>From each orphan's lease_expired event to its next claim, sorted.</summary>
    public IReadOnlyList<double> RequeueToClaimSeconds { get; init; } = [];

    /// <summary>Running tasks the killed and paused workers held when the signal landed, summed.</summary>
    public int Orphaned { get; init; }

    public TimeSpan Elapsed { get; init; }

    public double TasksPerSecond { get; init; }

    public IReadOnlyList<FaultRecovery> Faults { get; init; } = [];

    public IReadOnlyList<string> Violations { get; init; } = [];

    /// <summary>
    /// True when the orphaned tasks were all claimed again by a live worker within the lease plus one second of the kill
    /// or pause: a lease lapses at most its length after the kill (renewed just before it), the reaper wakes at the
    /// soonest expiry, and a reclaimed task is the oldest queued one.
    /// </summary>
    public bool ReclaimTargetMet => ReclaimToClaimSeconds.Count == 0 || ReclaimToClaimSeconds[^1] <= Options.Lease.TotalSeconds + 1;

    public void Print(TextWriter output)
    {
        var o = Options;
        output.WriteLine(Invariant($"# chaos on {Store}: {Tasks} tasks (`command`, {o.TaskDuration.TotalMilliseconds:0} ms each), {o.Workers} worker processes × concurrency {o.Concurrency}, lease {o.Lease.TotalSeconds:0.#} s"));
        output.WriteLine(Invariant($"# {Kills} kill -9, {Stops} SIGSTOP past the lease then SIGCONT{string.Concat(Faults.Select(f => $", {f.Name}"))}; {Elapsed.TotalSeconds:0.0} s, {TasksPerSecond:0.0} tasks/s overall"));
        output.WriteLine();
        output.WriteLine("| figure | value |");
        output.WriteLine("|---|---:|");
        Row(output, "tasks lost", Lost);
        Row(output, "tasks failed", Failed);
        Row(output, "double completions", DoubleCompletions);
        Row(output, "executions (command runs)", Executions);
        Row(output, "duplicate executions", DuplicateExecutions);
        Row(output, "leases reclaimed (lease_expired)", Reclaims);
        Row(output, "… of which under a worker not killed or paused", UnprovokedReclaims);
        Row(output, "kills + pauses", Kills + Stops);
        Row(output, "stale writes accepted", StaleWritesAccepted);
        Row(output, "stale writes refused by the fence (after SIGCONT)", StaleWritesRefused);
        Row(output, "tasks held by the killed and paused workers (orphans)", Orphaned);
        Spread(output, "orphan claimed again after kill/pause", ReclaimToClaimSeconds,
            $" (target ≤ lease + 1 s = {o.Lease.TotalSeconds + 1:0.#} s: {(ReclaimTargetMet ? "met" : "MISSED")})");
        Spread(output, "… kill/pause → lease_expired", ReclaimSeconds, "");
        Spread(output, "… kill/pause → lease expiry (as stored at the kill)", SignalToExpirySeconds, "");
        Spread(output, "… lease expiry → lease_expired (reaper lag)", ReaperLagSeconds, "");
        Spread(output, "… lease_expired → claimed again", RequeueToClaimSeconds, "");
        foreach (var fault in Faults)
        {
            output.WriteLine(Invariant($"| throughput back to 80% after {fault.Name} ({fault.Note}) | {(fault.RecoveredAfterSeconds is { } s ? $"{s:0} s" : "never")} |"));
            output.WriteLine(Invariant($"| … completions per second: {fault.Baseline:0.0} in the 10 s before; then {string.Join(' ', fault.After)} | |"));
        }

        output.WriteLine();
        output.WriteLine(Violations.Count == 0 ? "invariants: all held" : $"invariants: {Violations.Count} violations");
        foreach (var violation in Violations.Take(20))
        {
            output.WriteLine("  " + violation);
        }
    }

    private static void Spread(TextWriter output, string name, IReadOnlyList<double> sorted, string verdict) =>
        output.WriteLine(Invariant($"| {name} ({sorted.Count}): min / p50 / p90 / p99 / max | {Min(sorted):0.00} / {Percentile(sorted, 50):0.00} / {Percentile(sorted, 90):0.00} / {Percentile(sorted, 99):0.00} / {Max(sorted):0.00} s{verdict} |"));

    private static void Row(TextWriter output, string name, int value) => output.WriteLine(Invariant($"| {name} | {value} |"));

    private static double Percentile(IReadOnlyList<double> sorted, int p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

    private static double Max(IReadOnlyList<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[^1];

    private static double Min(IReadOnlyList<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[0];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
