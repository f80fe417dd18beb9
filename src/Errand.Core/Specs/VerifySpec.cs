namespace Errand.Specs;

/// <summary>The checks Errand runs itself after the agent says it is done.</summary>
public sealed record VerifySpec
{
    /// <summary>The checks, in order.</summary>
    public IReadOnlyList<CheckSpec> Checks { get; init; } = [];

    /// <summary>How many verify rounds the agent gets (failures go back to it between rounds).</summary>
    public int Attempts { get; init; } = 1;
}
