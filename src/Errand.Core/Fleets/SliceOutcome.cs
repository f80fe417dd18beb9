namespace Errand.Fleets;

/// <summary>One slice in a fleet's report.</summary>
/// <param name="Index">Its position, from 0.</param>
/// <param name="Value">The slice value.</param>
/// <param name="State">How it ended: succeeded, failed, partial, cancelled or skipped.</param>
public sealed record SliceOutcome(int Index, string Value, string State)
{
    /// <summary>Its task, if it was released.</summary>
    public long? TaskId { get; init; }

    /// <summary>Its summary line: the task's outcome, or why it did not run.</summary>
    public string? Summary { get; init; }

    /// <summary>What its model turns cost, in dollars.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Its branch, when it delivered one.</summary>
    public string? Branch { get; init; }

    /// <summary>Lines changed (insertions + deletions), when it delivered a branch.</summary>
    public int? LinesChanged { get; init; }

    /// <summary>Merge fan-in: merged, conflict, or not_merged (not green, or no branch).</summary>
    public string? Merge { get; init; }

    /// <summary>Merge fan-in: the files that conflicted with the slices merged before it.</summary>
    public IReadOnlyList<string> Conflicts { get; init; } = [];
}
