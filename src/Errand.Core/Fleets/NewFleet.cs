using Errand.Tasks;

namespace Errand.Fleets;

/// <summary>What a submitter hands the store to create a fleet.</summary>
/// <param name="Title">The fleet's title.</param>
/// <param name="Kind">One of <see cref="FleetKinds"/>.</param>
/// <param name="FanInKind">One of <see cref="FanInKinds"/>.</param>
/// <param name="SpecJson">The fleet's spec as submitted (the template with its <c>fleet:</c> section), as JSON.</param>
/// <param name="Slices">The slices, in order; at least one, or none when a <see cref="Planner"/> proposes them.</param>
/// <param name="FanIn">The task enqueued, once, when the last slice ends.</param>
public sealed record NewFleet(string Title, string Kind, string FanInKind, string SpecJson, IReadOnlyList<NewFleetSlice> Slices, NewTask FanIn)
{
    /// <summary>The most slices released and unfinished at once.</summary>
    public int MaxParallel { get; init; } = 4;

    /// <summary>Stop releasing slices once this many have failed; null: go on whatever fails.</summary>
    public int? StopAfter { get; init; }

    /// <summary>
    /// The planner task, enqueued with the fleet: its success (a transition carrying <c>FleetSlices</c>) gives the fleet
    /// its slices; any other end finishes the fleet. Null when the slices are given.
    /// </summary>
    public NewTask? Planner { get; init; }

    /// <summary>The largest fleet accepted.</summary>
    public const int MaxSlices = 100_000;

    /// <summary>Throws <see cref="ArgumentException"/> unless the fleet can be stored: every store checks with this first.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Title);
        ArgumentNullException.ThrowIfNull(Slices);
        ArgumentNullException.ThrowIfNull(FanIn);
        if (Planner is not null && (Slices.Count > 0 || Kind != FleetKinds.Fleet))
        {
            throw new ArgumentException("a fleet with a planner starts with no slices: the planner proposes them", nameof(Slices));
        }

        if ((Slices.Count == 0 && Planner is null) || Slices.Count > MaxSlices)
        {
            throw new ArgumentException($"a fleet has 1 to {MaxSlices} slices, not {Slices.Count}", nameof(Slices));
        }

        if (MaxParallel < 1)
        {
            throw new ArgumentException("max parallel must be at least 1", nameof(MaxParallel));
        }

        if (StopAfter is < 1)
        {
            throw new ArgumentException("stop after must be at least 1 failure", nameof(StopAfter));
        }

        if (Kind is not (FleetKinds.Fleet or FleetKinds.BestOf) || FanInKind is not (FanInKinds.Merge or FanInKinds.Report or FanInKinds.Pick))
        {
            throw new ArgumentException($"unknown fleet kind '{Kind}' or fan-in '{FanInKind}'", nameof(Kind));
        }
    }
}
