namespace Errand.Fleets;

/// <summary>What a fleet's fan-in found and did: the fleet's result, beside the fan-in task's own report.</summary>
/// <param name="FleetId">The fleet.</param>
/// <param name="FanIn">One of <see cref="FanInKinds"/>.</param>
public sealed record FleetReport(long FleetId, string FanIn)
{
    /// <summary>Every slice, in order.</summary>
    public IReadOnlyList<SliceOutcome> Slices { get; init; } = [];

    /// <summary>Slices that succeeded.</summary>
    public int Succeeded { get; init; }

    /// <summary>Slices that failed.</summary>
    public int Failed { get; init; }

    /// <summary>Slices that ended otherwise (partial, cancelled, skipped).</summary>
    public int Other { get; init; }

    /// <summary>What every slice cost together, in dollars.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Why the fleet stopped early, when its failure policy stopped it.</summary>
    public string? Stopped { get; init; }

    /// <summary>Merge: the integration branch.</summary>
    public string? IntegrationBranch { get; init; }

    /// <summary>Pick: the winning slice (attempt) index.</summary>
    public int? Winner { get; init; }

    /// <summary>Pick: the winner's branch.</summary>
    public string? WinnerBranch { get; init; }

    /// <summary>Pick: why the winner won.</summary>
    public string? PickedBecause { get; init; }

    /// <summary>Pick: the other attempts' branches, kept for review.</summary>
    public IReadOnlyList<string> KeptForReview { get; init; } = [];
}
