namespace Errand.Workspaces;

/// <summary>How <see cref="GitWorkspaceProvider"/> makes workspaces.</summary>
public enum WorkspaceMode
{
    /// <summary>Copy-on-write overlays where this process may mount them (root on Linux), git worktrees elsewhere.</summary>
    Auto,

    /// <summary>Copy-on-write overlays only; preparing fails when they are unavailable.</summary>
    Overlay,

    /// <summary>Git worktrees only (a checkout per attempt; costs time in proportion to the repository's size).</summary>
    Worktree,
}
