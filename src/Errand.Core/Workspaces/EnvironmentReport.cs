namespace Errand.Workspaces;

/// <summary>How a workspace's environment (the result of the spec's setup commands) was obtained.</summary>
/// <param name="Key">The environment key: repository, commit, setup commands and lock files, hashed.</param>
/// <param name="Warm">True when an environment built earlier was reused; false when setup ran for this task.</param>
/// <param name="Cached">True when the result is kept for later tasks (false where overlay mounts are unavailable).</param>
/// <param name="Duration">How long getting it took: the setup run when cold, waiting for and mounting the layer when warm.</param>
/// <param name="Commands">Each setup command that ran for this task (empty when warm).</param>
/// <param name="LockFiles">The lock files found in the tree that are part of the key, repository-relative.</param>
public sealed record EnvironmentReport(
    string Key, bool Warm, bool Cached, TimeSpan Duration, IReadOnlyList<SetupCommandResult> Commands, IReadOnlyList<string> LockFiles)
{
    /// <summary>Why the result is not cached, when it is not.</summary>
    public string? NotCachedReason { get; init; }
}
