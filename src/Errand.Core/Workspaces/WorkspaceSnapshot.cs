using Errand.Results;

namespace Errand.Workspaces;

/// <summary>The workspace as committed.</summary>
/// <param name="Commit">The commit holding the workspace (the base commit when nothing changed); null for scratch.</param>
/// <param name="DiffStat">The change from the base commit.</param>
public sealed record WorkspaceSnapshot(string? Commit, DiffStat DiffStat)
{
    /// <summary>
    /// Why the commit could not be pushed to the shared git remote (already scrubbed of credentials); null when it
    /// was, or when no shared remote is configured. The commit is safe in this host's mirror, and the next snapshot
    /// of the attempt pushes it again, but until then no other host can resume from it.
    /// </summary>
    public string? SharedRemoteError { get; init; }

    /// <summary>Changed paths, repository-relative, with forward slashes.</summary>
    public IReadOnlyList<string> ChangedPaths => [.. DiffStat.Files.Select(f => f.Path)];
}
