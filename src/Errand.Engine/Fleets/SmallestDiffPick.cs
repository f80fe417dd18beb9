using Errand.Fleets;

namespace Errand.Engine.Fleets;

/// <summary>
/// Best-of-N's default rule: among the attempts that passed verification (succeeded, with a branch), the one that
/// changed the fewest lines; a tie goes to the earlier attempt. The others stay for review.
/// </summary>
internal static class SmallestDiffPick
{
    /// <summary>The passing attempts, best first; empty when none passed.</summary>
    public static IReadOnlyList<SliceOutcome> Rank(FleetReport report) =>
        [.. Passing(report).OrderBy(s => s.LinesChanged ?? 0).ThenBy(s => s.Index)];

    /// <summary>The attempts that passed verification and delivered a branch, in order.</summary>
    public static IEnumerable<SliceOutcome> Passing(FleetReport report) =>
        report.Slices.Where(s => s.State == SliceState.Succeeded.ToWireName() && s.Branch is not null);

    /// <summary>The report with <paramref name="winner"/> picked because of <paramref name="because"/>.</summary>
    public static FleetReport Picked(FleetReport report, SliceOutcome winner, string because) => report with
    {
        Winner = winner.Index,
        WinnerBranch = winner.Branch,
        PickedBecause = because,
        KeptForReview = [.. report.Slices.Where(s => s.Index != winner.Index && s.Branch is not null).Select(s => s.Branch!)],
    };

    /// <summary>Why no attempt could be picked: each attempt's reason.</summary>
    public static string NonePassed(FleetReport report) =>
        "no attempt passed verification: " + string.Join("; ", report.Slices.Select(s => $"attempt {s.Index + 1} {s.State}: {s.Summary ?? "no reason given"}"));
}
