using Errand.Tasks;

namespace Errand.Storage;

/// <summary>What happened to a <see cref="TaskTransition"/>.</summary>
/// <param name="Status">Applied, or why not.</param>
/// <param name="Current">The task after the attempt, or null when it does not exist.</param>
public sealed record TransitionOutcome(TransitionStatus Status, TaskRecord? Current)
{
    /// <summary>True when the change was applied.</summary>
    public bool Applied => Status == TransitionStatus.Applied;
}

/// <summary>Why a transition did or did not apply.</summary>
public enum TransitionStatus
{
    /// <summary>Applied.</summary>
    Applied,

    /// <summary>No such task.</summary>
    NotFound,

    /// <summary>The lease's fence no longer matches: another owner has the task.</summary>
    FenceLost,

    /// <summary>The task is not in one of the expected states.</summary>
    StateConflict,
}
