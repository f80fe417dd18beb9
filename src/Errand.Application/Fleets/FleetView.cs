using Errand.Fleets;
using Errand.Json;
using Errand.Results;
using Errand.Specs;

namespace Errand.Application.Fleets;

/// <summary>A fleet as <c>--json</c> prints it and the API sends it: the fleet, its counts, each slice, and the fan-in's report once there is one.</summary>
/// <param name="Id">The fleet id.</param>
/// <param name="Title">Its title (data: shown as text).</param>
/// <param name="Kind">fleet or best_of.</param>
/// <param name="FanIn">What gathers the slices: report, merge or pick.</param>
/// <param name="State">The fleet's state.</param>
/// <param name="MaxParallel">Slices running at once, at most.</param>
/// <param name="StopAfter">Failed slices at which it stops (pending slices skipped, running ones cancelled), if set.</param>
/// <param name="Counts">Slices by outcome.</param>
/// <param name="FanInTaskId">The fan-in task, once created.</param>
/// <param name="Reason">Why it ended as it did.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="FinishedAt">When it ended.</param>
public sealed record FleetView(
    long Id, string Title, string Kind, string FanIn, string State, int MaxParallel, int? StopAfter, FleetCounts Counts,
    long? FanInTaskId, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>Its slices, when shown.</summary>
    public IReadOnlyList<SliceView>? Slices { get; init; }

    /// <summary>The fan-in's report, once it ran.</summary>
    public FleetReport? Report { get; init; }

    /// <summary>A planner fleet's planner: its task, state and proposal, when shown.</summary>
    public PlannerStage? Planner { get; init; }

    /// <summary>
    /// The warnings of the spec it was created from (file, line, field), on the answer to the request that created it
    /// only, so a client prints what <c>errand fleet run</c> prints on the store's host.
    /// </summary>
    public IReadOnlyList<SpecDiagnostic>? Warnings { get; init; }

    /// <summary>The view of a stored fleet, with its slices and its planner's stage when given.</summary>
    /// <param name="fleet">The fleet.</param>
    /// <param name="slices">Its slices, or null to leave them out.</param>
    /// <param name="planner">Its planner's stage, or null.</param>
    public static FleetView From(FleetRecord fleet, IReadOnlyList<FleetSliceRecord>? slices = null, PlannerStage? planner = null)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        return new(fleet.Id, fleet.Title, fleet.Kind, fleet.FanInKind, fleet.State.ToWireName(), fleet.MaxParallel, fleet.StopAfter, fleet.Counts,
            fleet.FanInTaskId, fleet.Reason, fleet.CreatedAt, fleet.FinishedAt)
        {
            Slices = slices?.Select(SliceView.From).ToList(),
            Report = fleet.ResultJson is { } json ? ErrandJson.Deserialize<TaskResult>(json).Fleet : null,
            Planner = planner,
        };
    }
}
