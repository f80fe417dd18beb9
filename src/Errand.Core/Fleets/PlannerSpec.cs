namespace Errand.Fleets;

/// <summary>
/// A fleet spec's <c>planner:</c> section: instead of a list or a glob, an agent reads the repository and proposes the
/// slices (each with a one-line reason); with <see cref="Approve"/> a human approves, rejects or edits them first.
/// </summary>
public sealed record PlannerSpec
{
    /// <summary>The most slices a planner may propose unless the spec says otherwise.</summary>
    public const int DefaultMaxSlices = 20;

    /// <summary>The planner's agent; null: <c>builtin</c>.</summary>
    public string? Agent { get; init; }

    /// <summary>The planner's model; null: the template's.</summary>
    public string? Model { get; init; }

    /// <summary>For a <c>command</c> planner: the command, which prints the slices as a JSON list.</summary>
    public string? Command { get; init; }

    /// <summary>What to split, and how: the planner's instruction.</summary>
    public string Instructions { get; init; } = "";

    /// <summary>The most slices it may propose (and a human may approve).</summary>
    public int MaxSlices { get; init; } = DefaultMaxSlices;

    /// <summary>True: the proposal waits in the decision inbox until a human approves, rejects or edits it.</summary>
    public bool Approve { get; init; } = true;
}
