namespace Errand.Fleets;

/// <summary>
/// A task spec's <c>fleet:</c> section: run the spec as a template over many slices, at most
/// <see cref="MaxParallel"/> at once, then combine them (<see cref="FanIn"/>).
/// </summary>
public sealed record FleetSpec
{
    /// <summary>The fleet's own title; null: the template's title without its placeholders.</summary>
    public string? Title { get; init; }

    /// <summary>Slices given as a list.</summary>
    public IReadOnlyList<string> Slices { get; init; } = [];

    /// <summary>Slices from a glob of the repository's files (paths relative to its root, sorted).</summary>
    public string? Glob { get; init; }

    /// <summary>Slices proposed by a planner agent (and perhaps approved by a human) when the fleet starts.</summary>
    public PlannerSpec? Planner { get; init; }

    /// <summary>Globs of paths the <see cref="Glob"/> leaves out.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>A task file to use as the template instead of this spec (relative to the fleet file).</summary>
    public string? Template { get; init; }

    /// <summary>The most slices running (released and unfinished) at once.</summary>
    public int MaxParallel { get; init; } = 4;

    /// <summary>Stop releasing slices after this many failed; null: <c>on_failure: continue</c>.</summary>
    public int? StopAfter { get; init; }

    /// <summary>One of <see cref="FanInKinds.Spec"/>.</summary>
    public string FanIn { get; init; } = FanInKinds.Report;

    /// <summary>The integration branch of a <c>merge</c> fan-in; null: the fan-in task's own branch.</summary>
    public string? Branch { get; init; }
}
