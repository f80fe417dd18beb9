namespace Errand.Bench.Publish;

/// <summary>
/// The counts of one publish run: the full run fits in 15 minutes on 2 cores; <c>--quick</c> is for developing the
/// harness (seconds per scenario, figures meaningless).
/// </summary>
internal sealed record PublishCounts(
    int Burst,
    int IdleSamples,
    TimeSpan FloorDuration,
    int FloorWriters,
    IReadOnlyList<TimeSpan> Leases,
    int ReclaimSamples,
    int Spawns,
    IReadOnlyList<int> WorkspaceSizes,
    int WorkspaceSamples,
    int Agents,
    int Parked,
    int Answers,
    int ParkedIdleSeconds,
    int ParkedCpuRounds)
{
    public static PublishCounts Full { get; } = new(2_000, 200, TimeSpan.FromSeconds(3), 8,
        [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15)], 3,
        100, [1_000, 10_000], 3, 1_000, 100_000, 50, 5, 2);

    public static PublishCounts Quick { get; } = new(300, 30, TimeSpan.FromSeconds(1), 8,
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], 1,
        20, [1_000], 1, 100, 300, 10, 2, 1);
}
