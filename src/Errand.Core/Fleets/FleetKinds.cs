namespace Errand.Fleets;

/// <summary>What made a fleet.</summary>
public static class FleetKinds
{
    /// <summary>A fleet spec: one template over many slices.</summary>
    public const string Fleet = "fleet";

    /// <summary>A task spec with <c>attempts: N</c>: the same task N times, one picked.</summary>
    public const string BestOf = "best_of";
}
