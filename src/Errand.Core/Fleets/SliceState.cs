namespace Errand.Fleets;

/// <summary>Where one slice of a fleet is.</summary>
public enum SliceState
{
    /// <summary>Not released yet: no task exists for it.</summary>
    Pending,

    /// <summary>Its task exists and has not ended; counts against <c>max_parallel</c>.</summary>
    Released,

    /// <summary>Its task succeeded (verified): a green slice.</summary>
    Succeeded,

    /// <summary>Its task failed.</summary>
    Failed,

    /// <summary>Its task stopped on a budget.</summary>
    Partial,

    /// <summary>Its task was cancelled, or the fleet was before the slice was released.</summary>
    Cancelled,

    /// <summary>Never released: the failure policy stopped the fleet first.</summary>
    Skipped,
}
