namespace Errand.Fleets;

/// <summary>How a fleet's results are combined once every slice ended.</summary>
public static class FanInKinds
{
    /// <summary>Merge every green slice's branch into an integration branch, in slice order, then verify it.</summary>
    public const string Merge = "merge";

    /// <summary>An aggregated summary: each slice's state, summary line and cost.</summary>
    public const string Report = "report";

    /// <summary>Best-of-N: rank the attempts that passed verification and pick one.</summary>
    public const string Pick = "pick";

    /// <summary>The kinds a fleet spec may name (<see cref="Pick"/> comes from <c>attempts:</c>).</summary>
    public static IReadOnlyList<string> Spec { get; } = [Merge, Report];
}
