namespace Errand.Fleets;

/// <summary>
/// The fleet a task was made for. Not a front-matter field: the fleet's submission adds it to each task's spec. The
/// fleet's id is the store's (<c>FleetOfTaskAsync</c>): it does not exist yet when the specs are written.
/// </summary>
/// <param name="FleetTitle">The fleet's title.</param>
/// <param name="Role">One of <see cref="FleetRoles"/>.</param>
/// <param name="FanIn">The fleet's fan-in: one of <see cref="FanInKinds"/>.</param>
public sealed record FleetOrigin(string FleetTitle, string Role, string FanIn)
{
    /// <summary>The slice's index, from 0; null for the fan-in and the planner.</summary>
    public int? Slice { get; init; }

    /// <summary>The slice's value; null for the fan-in.</summary>
    public string? Value { get; init; }

    /// <summary>For a merge fan-in: the integration branch, when the spec named one.</summary>
    public string? Branch { get; init; }

    /// <summary>For a pick fan-in: the rule.</summary>
    public PickSpec? Pick { get; init; }

    /// <summary>For the planner: its section of the fleet spec (how many slices, whether a human approves them).</summary>
    public PlannerSpec? Planner { get; init; }
}
