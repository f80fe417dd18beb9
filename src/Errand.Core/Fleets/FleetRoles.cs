namespace Errand.Fleets;

/// <summary>What a task is to the fleet it belongs to.</summary>
public static class FleetRoles
{
    /// <summary>One slice (or one attempt of a best-of-N group).</summary>
    public const string Slice = "slice";

    /// <summary>The fan-in: merge, report or pick.</summary>
    public const string FanIn = "fan_in";

    /// <summary>The planner, which proposes the fleet's slices before any runs.</summary>
    public const string Planner = "planner";
}
