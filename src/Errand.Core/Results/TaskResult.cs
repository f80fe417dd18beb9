namespace Errand.Results;

/// <summary>The report a task ends with: evidence, not the agent's word.</summary>
public sealed record TaskResult
{
    /// <summary>The outcome in one line.</summary>
    public string? Summary { get; init; }

    /// <summary>The task branch.</summary>
    public string? Branch { get; init; }

    /// <summary>The commit the workspace started from.</summary>
    public string? BaseCommit { get; init; }

    /// <summary>The commit the branch points at.</summary>
    public string? HeadCommit { get; init; }

    /// <summary>What changed between base and head.</summary>
    public DiffStat? DiffStat { get; init; }

    /// <summary>Every verify check of the last round.</summary>
    public IReadOnlyList<CheckResult> Checks { get; init; } = [];

    /// <summary>How many verify rounds ran.</summary>
    public int VerifyRounds { get; init; }

    /// <summary>Changed paths that a <c>protect</c> glob covers; any fails the task.</summary>
    public IReadOnlyList<string> ProtectViolations { get; init; } = [];

    /// <summary>Each "Done when" line with the check that proves it and its status.</summary>
    public IReadOnlyList<DoneWhenEvidence> DoneWhen { get; init; } = [];

    /// <summary>What the agent said when it finished.</summary>
    public string? AgentSummary { get; init; }

    /// <summary>Wall time of the attempt that finished.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>How the workspace was made: overlay, worktree or scratch.</summary>
    public string? Workspace { get; init; }

    /// <summary>How the setup environment was obtained ("warm (reused in 4 ms)", "cold (built in 3.2 s, 2 commands)"); null without setup.</summary>
    public string? Environment { get; init; }

    /// <summary>For a fleet's fan-in: the fleet's report (each slice, and what the merge or pick did).</summary>
    public Fleets.FleetReport? Fleet { get; init; }
}
