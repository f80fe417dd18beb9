using System.Globalization;
using Errand.Bench.Peers;

namespace Errand.Bench.Publish;

/// <summary>
/// The counts of one publish run: the full run fits in 15 minutes on 2 cores (<see cref="SectionClock"/> checks it);
/// <c>--quick</c> is for developing the harness (seconds per scenario, figures meaningless). Each section's sample
/// counts are published beside its wall time (the <c>…Measured</c> texts).
/// </summary>
internal sealed record PublishCounts(
    int Burst,
    int IdleSamples,
    int DefaultPollSamples,
    TimeSpan FloorDuration,
    int FloorWriters,
    IReadOnlyList<TimeSpan> Leases,
    int ReclaimSamples,
    int Spawns,
    IReadOnlyList<int> WorkspaceSizes,
    int WorkspaceSamples,
    int OverlaySamples,
    int Agents,
    int Parked,
    int Answers,
    int ParkedIdleSeconds,
    int ParkedCpuRounds)
{
    // Hangfire at its default poll: 30 jobs 500 ms apart span one 15 s poll interval, so every phase of the poll is
    // sampled once; more samples only repeat the cycle (each costs half a second of waiting on an idle machine).
    public static PublishCounts Full { get; } = new(2_000, 200, 30, TimeSpan.FromSeconds(3), 8,
        [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15)], 3,
        100, [1_000, 10_000], 3, 20, 1_000, 100_000, 50, 5, 2);

    public static PublishCounts Quick { get; } = new(300, 30, 10, TimeSpan.FromSeconds(1), 8,
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], 1,
        20, [1_000], 1, 2, 100, 300, 10, 2, 1);

    public string PeersMeasured => Invariant(
        $"6 systems (Errand, Hangfire default, Hangfire fast; on SQLite and PostgreSQL), each: {IdleSamples} idle jobs ({DefaultPollSamples} at Hangfire's default poll), a {Burst:N0}-job burst cut at {PeerComparison.BurstLimit.TotalSeconds:0} s");

    public string FloorMeasured => Invariant($"2 engines × 1 and {FloorWriters} writers × {FloorDuration.TotalSeconds:0} s");

    public string ReclaimMeasured => Invariant(
        $"{ReclaimSamples} kills for each of 2 stores × {Leases.Count} leases ({string.Join(", ", Leases.Select(l => l.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)))} s): {ReclaimSamples * 2 * Leases.Count} kills");

    public string SpawnMeasured => Invariant($"{Spawns} runs × 3 backends, after 10 warm-up runs each");

    public string WorkspacesMeasured => Invariant(
        $"{string.Join(" and ", WorkspaceSizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} files, each: the overlay's first use, {OverlaySamples} overlay prepares and snapshots, {WorkspaceSamples} of git worktree add (with its snapshot) and of git clone --local");

    public string AgentsMeasured => Invariant($"{Agents:N0} tasks × 5 turns (model delay 1 s), 1 round");

    public string ParkedMeasured => Invariant(
        $"{Parked:N0} parked; idle CPU {ParkedIdleSeconds} s × {ParkedCpuRounds} rounds × (parked, none); {Answers} answers each way");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
