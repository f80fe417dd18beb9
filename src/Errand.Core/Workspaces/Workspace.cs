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

    /// <summary>How it was made: one of <see cref="WorkspaceModes"/>.</summary>
    public string Mode { get; init; } = WorkspaceModes.Scratch;

    /// <summary>Why this mode was used when it is not the preferred one (overlay unavailable, and why).</summary>
    public string? ModeNote { get; init; }

    /// <summary>A host directory the sandbox should use as home (the environment's home layer); null for a fresh one.</summary>
    public string? HomePath { get; init; }

    /// <summary>Host paths the sandbox must show read-only at the same place for git inside to work.</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>How the setup commands' result was obtained; null when the spec has none.</summary>
    public EnvironmentReport? Environment { get; init; }

    /// <summary>How long making it took (the environment included).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>True when the workspace is a git checkout.</summary>
    public bool IsGit => BaseCommit is not null;
}
