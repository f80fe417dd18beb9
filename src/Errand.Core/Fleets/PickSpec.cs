namespace Errand.Fleets;

/// <summary>A best-of-N task's <c>pick:</c> rule.</summary>
public sealed record PickSpec
{
    /// <summary>One of <see cref="PickRules"/>.</summary>
    public string Rule { get; init; } = PickRules.SmallestDiff;

    /// <summary>The judge's model (provider/model) for <see cref="PickRules.Judge"/>; null: the spec's model.</summary>
    public string? Model { get; init; }
}
