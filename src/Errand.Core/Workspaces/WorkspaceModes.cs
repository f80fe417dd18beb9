namespace Errand.Workspaces;

/// <summary>How a workspace was made; recorded on <see cref="Workspace.Mode"/> and in the journal.</summary>
public static class WorkspaceModes
{
    /// <summary>A kernel overlay mount over a cached checkout of the commit: a few milliseconds whatever the repo's size.</summary>
    public const string Overlay = "overlay";

    /// <summary>A git worktree checked out from the mirror: costs time in proportion to the repo's size.</summary>
    public const string Worktree = "worktree";

    /// <summary>An empty directory; no repository.</summary>
    public const string Scratch = "scratch";
}
