namespace Errand.Workspaces;

/// <summary>A prepared workspace.</summary>
/// <param name="Path">The directory the agent works in.</param>
/// <param name="Branch">The task branch.</param>
/// <param name="BaseCommit">The commit it started from; null for a scratch directory.</param>
/// <param name="Repo">The repository it came from; null for a scratch directory.</param>
public sealed record Workspace(string Path, string Branch, string? BaseCommit, string? Repo)
{
    /// <summary>The cached mirror it was checked out from, or null.</summary>
    public string? MirrorPath { get; init; }

    /// <summary>
    /// True when the local source repository had uncommitted changes (staged, unstaged or untracked) at prepare
    /// time. The workspace starts from a commit, so those changes are not in it; worth a warning in the journal.
    /// </summary>
    public bool SourceDirty { get; init; }

    /// <summary>True when the workspace is a git checkout.</summary>
    public bool IsGit => BaseCommit is not null;
}
