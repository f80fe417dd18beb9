namespace Errand.Fleets;

/// <summary>How a best-of-N group picks its winner among the attempts that passed verification.</summary>
public static class PickRules
{
    /// <summary>The smallest change (insertions + deletions); ties go to the earlier attempt.</summary>
    public const string SmallestDiff = "smallest_diff";

    /// <summary>A judge agent reads the diffs and names the winner.</summary>
    public const string Judge = "judge";

    /// <summary>Every rule.</summary>
    public static IReadOnlyList<string> All { get; } = [SmallestDiff, Judge];
}
