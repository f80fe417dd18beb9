using Errand.Bench.Floor;
using Errand.Bench.Peers;
using Errand.Bench.Reclaim;

namespace Errand.Bench.Publish;

/// <summary>Everything one publish run measured, with what it ran on and how, and where its time went.</summary>
internal sealed record PublishRun(
    string Command,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    MachineInfo Machine,
    IReadOnlyDictionary<string, string> Versions,
    IReadOnlyList<double> Load,
    PublishCounts Counts,
    IReadOnlyList<PeerResult> Peers,
    IReadOnlyList<FloorResult> Floor,
    IReadOnlyList<ReclaimSample> Reclaim,
    IReadOnlyDictionary<string, string> Printed,
    IReadOnlyList<SectionTime> Sections,
    TimeSpan Elapsed);
