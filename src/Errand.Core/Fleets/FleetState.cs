namespace Errand.Fleets;

/// <summary>Where a fleet is in its life. <see cref="FleetStates"/> gives the stored names.</summary>
public enum FleetState
{
    /// <summary>
    /// Its planner runs (or its proposal waits for a human): no slice exists yet. Stored as <c>running</c> with the
    /// planner not done; the stores report it as this state.
    /// </summary>
    Planning,

    /// <summary>Slices are released as tasks, at most <c>max_parallel</c> unfinished at once.</summary>
    Running,

    /// <summary>Its failure policy stopped it: pending slices are skipped, released ones cancelled (their work kept on their branches), then the fan-in reports.</summary>
    Stopping,

    /// <summary>Every slice ended; the fan-in task runs.</summary>
    FanningIn,

    /// <summary>The fan-in succeeded.</summary>
    Succeeded,

    /// <summary>The fan-in failed (or the fleet was stopped by its failure policy).</summary>
    Failed,

    /// <summary>Cancelled: its slices were cancelled and no fan-in ran.</summary>
    Cancelled,
}
