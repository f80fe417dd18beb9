using Errand.Specs;
using Errand.Tasks;

namespace Errand.Fleets;

/// <summary>Builds what the store needs to create a fleet, from a spec and its slices.</summary>
public static class FleetDefinition
{
    /// <summary>True when <paramref name="spec"/> runs as a fleet or a best-of-N group rather than as one task.</summary>
    public static bool IsGroup(TaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Fleet is not null || spec.Attempts is > 1;
    }

    /// <summary>A fleet of <paramref name="slices"/> over the template <paramref name="spec"/> (which has a <c>fleet:</c> section).</summary>
    public static NewFleet ForSlices(TaskSpec spec, IReadOnlyList<string> slices, int maxAttempts = 3)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(slices);
        var fleet = spec.Fleet ?? throw new ArgumentException("the spec has no fleet section", nameof(spec));
        var title = FleetTemplate.FleetTitle(spec);
        var items = new List<NewFleetSlice>(slices.Count);
        for (var i = 0; i < slices.Count; i++)
        {
            var slice = FleetTemplate.Slice(spec, title, fleet.FanIn, i, slices[i]);
            items.Add(new NewFleetSlice(slices[i], Task(slice, maxAttempts)));
        }

        return new NewFleet(title, FleetKinds.Fleet, fleet.FanIn, TaskSpecJson.Serialize(spec), items,
            Task(FleetTemplate.FanIn(spec, title, fleet.FanIn), maxAttempts))
        {
            MaxParallel = fleet.MaxParallel,
            StopAfter = fleet.StopAfter,
        };
    }

    /// <summary>
    /// A fleet whose slices its planner proposes: no slices yet, the planner enqueued when the fleet is created; its
    /// success (approved, when the spec asks) hands the fleet its slices.
    /// </summary>
    public static NewFleet ForPlanner(TaskSpec spec, int maxAttempts = 3)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var fleet = spec.Fleet ?? throw new ArgumentException("the spec has no fleet section", nameof(spec));
        var title = FleetTemplate.FleetTitle(spec);
        return new NewFleet(title, FleetKinds.Fleet, fleet.FanIn, TaskSpecJson.Serialize(spec), [],
            Task(FleetTemplate.FanIn(spec, title, fleet.FanIn), maxAttempts))
        {
            MaxParallel = fleet.MaxParallel,
            StopAfter = fleet.StopAfter,
            Planner = Task(FleetTemplate.Planner(spec, title), maxAttempts),
        };
    }

    /// <summary>The slices a planner's fleet runs, rendered from the fleet's template <paramref name="spec"/>.</summary>
    public static IReadOnlyList<NewFleetSlice> PlannedSlices(TaskSpec spec, IReadOnlyList<string> values, int maxAttempts = 3) =>
        ForSlices(spec, values, maxAttempts).Slices;

    /// <summary>A best-of-N group: <c>attempts</c> tasks, all at once, then the pick.</summary>
    public static NewFleet ForAttempts(TaskSpec spec, int maxAttempts = 3)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var attempts = spec.Attempts ?? 1;
        var items = new List<NewFleetSlice>(attempts);
        for (var i = 0; i < attempts; i++)
        {
            var attempt = FleetTemplate.Attempt(spec, i);
            items.Add(new NewFleetSlice(attempt.FleetRun!.Value!, Task(attempt, maxAttempts)));
        }

        return new NewFleet(spec.Title, FleetKinds.BestOf, FanInKinds.Pick, TaskSpecJson.Serialize(spec), items,
            Task(FleetTemplate.FanIn(spec, spec.Title, FanInKinds.Pick), maxAttempts))
        {
            MaxParallel = attempts,
        };
    }

    private static NewTask Task(TaskSpec spec, int maxAttempts) => new(spec.Title, TaskSpecJson.Serialize(spec)) { MaxAttempts = maxAttempts };
}
