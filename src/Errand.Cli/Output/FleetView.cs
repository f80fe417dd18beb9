using Errand.Fleets;
using Errand.Json;
using Errand.Results;

namespace Errand.Cli.Output;

/// <summary>A fleet as <c>--json</c> prints it: the fleet, its counts, each slice, and the fan-in's report once there is one.</summary>
internal sealed record FleetView(
    long Id, string Title, string Kind, string FanIn, string State, int MaxParallel, int? StopAfter, FleetCounts Counts,
    long? FanInTaskId, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public IReadOnlyList<SliceView>? Slices { get; init; }

    public FleetReport? Report { get; init; }

    public static FleetView From(FleetRecord fleet, IReadOnlyList<FleetSliceRecord>? slices = null) =>
        new(fleet.Id, fleet.Title, fleet.Kind, fleet.FanInKind, fleet.State.ToWireName(), fleet.MaxParallel, fleet.StopAfter, fleet.Counts,
            fleet.FanInTaskId, fleet.Reason, fleet.CreatedAt, fleet.FinishedAt)
        {
            Slices = slices?.Select(SliceView.From).ToList(),
            Report = fleet.ResultJson is { } json ? ErrandJson.Deserialize<TaskResult>(json).Fleet : null,
        };
}
