namespace Errand.Agents.Builtin;

/// <summary>
/// The builtin agent's checkpoint: the whole conversation after a turn's tools have run. Resuming from it calls the
/// model for the next turn, so a crash repeats at most the turn that was in flight.
/// </summary>
internal sealed record BuiltinState
{
    /// <summary>The shape of this record; a checkpoint of another shape is not resumed from.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Which agent wrote it: a checkpoint of another agent is ignored.</summary>
    public string Agent { get; init; } = Specs.AgentNames.Builtin;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Model turns taken so far, over every round.</summary>
    public int Step { get; init; }

    /// <summary>The verify round the conversation has reached (its feedback is in the messages).</summary>
    public int Round { get; init; } = 1;

    /// <summary>The summary of the <c>finish</c> call that ended the round, or null while it is still working.</summary>
    public string? Finished { get; init; }

    /// <summary>Turns removed by compaction so far.</summary>
    public int DroppedTurns { get; init; }

    /// <summary>
    /// What the provider reported the last call and its reply took; null when it reported no usage or compaction
    /// changed the messages since. Compaction is measured by it.
    /// </summary>
    public ContextUsage? Context { get; init; }

    public IReadOnlyList<ConversationMessage> Messages { get; init; } = [];

    /// <summary>The question the conversation waits on; the answer completes the last turn's results.</summary>
    public PendingQuestion? Pending { get; init; }

    /// <summary>With <c>plan: approve</c>: true once a human approved (or edited) the plan.</summary>
    public bool PlanApproved { get; init; }

    /// <summary>Commands a human approved under a <c>command:</c> rule; the same line is not held again.</summary>
    public IReadOnlyList<string> ApprovedCommands { get; init; } = [];
}
