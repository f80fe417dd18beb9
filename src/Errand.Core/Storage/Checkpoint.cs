namespace Errand.Storage;

/// <summary>Where an agent can resume from: its conversation and the workspace commit after a turn.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Attempt">The attempt that saved it.</param>
/// <param name="Step">The agent's step (turn) number at the checkpoint.</param>
/// <param name="StateJson">The runtime's own resumable state (conversation, session id), as JSON.</param>
/// <param name="WorkspaceCommit">The commit holding the workspace at the checkpoint, or null.</param>
/// <param name="At">When it was saved.</param>
public sealed record Checkpoint(long TaskId, int Attempt, int Step, string StateJson, string? WorkspaceCommit, DateTimeOffset At);
