namespace Errand.Workspaces;

/// <summary>What workspace an attempt needs.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Attempt">The attempt; each gets its own directory, so a stale worker never shares one.</param>
/// <param name="Repo">An absolute local path or a git URL; null for an empty scratch directory.</param>
/// <param name="Base">Branch, tag or commit; null for the repository's HEAD.</param>
/// <param name="Branch">The task branch name.</param>
public sealed record WorkspaceRequest(long TaskId, int Attempt, string? Repo, string? Base, string Branch)
{
    /// <summary>Start from this commit instead of <see cref="Base"/> (resuming from a checkpoint).</summary>
    public string? StartCommit { get; init; }

    /// <summary>Runs the spec's setup commands; null (or no commands) for none.</summary>
    public ISetupRunner? Setup { get; init; }
}
