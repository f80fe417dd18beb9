using Errand.Sandboxing;
using Errand.Specs;
using Errand.Storage;

namespace Errand.Agents;

/// <summary>Everything an agent runtime gets for one run.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Attempt">The attempt (raised on every claim).</param>
/// <param name="Spec">The task's contract.</param>
/// <param name="WorkspacePath">The directory the agent works in.</param>
/// <param name="Sandbox">Where the agent runs commands.</param>
public sealed record AgentRun(long TaskId, int Attempt, TaskSpec Spec, string WorkspacePath, ISandbox Sandbox)
{
    /// <summary>The checkpoint to resume from, or null to start fresh.</summary>
    public Checkpoint? ResumeFrom { get; init; }

    /// <summary>Output of failed verify checks from the previous round, for the agent to act on.</summary>
    public string? VerifyFeedback { get; init; }

    /// <summary>
    /// A follow-up instruction this run is the first to see (the checkpoint resumed from predates it), to add to the
    /// conversation once; null otherwise.
    /// </summary>
    public string? FollowUp { get; init; }

    /// <summary>
    /// The answer to the question the run's checkpoint is waiting on (asked by the agent, or an approval it needed),
    /// given to the agent once; null otherwise.
    /// </summary>
    public Questions.HumanAnswer? Answer { get; init; }

    /// <summary>The verify round, starting at 1.</summary>
    public int Round { get; init; } = 1;
}
