namespace Errand.Workspaces.Git;

/// <summary>A prepared workspace as the git commands on it need it, checked against the data directory.</summary>
/// <param name="Path">The work tree.</param>
/// <param name="Mirror">The mirror it was checked out from.</param>
/// <param name="AdminDirectory">Its git directory inside the mirror (not the work tree's ".git" file, which the agent can change).</param>
/// <param name="TaskId">The task.</param>
/// <param name="Attempt">The attempt.</param>
internal sealed record GitWorkspace(string Path, string Mirror, string AdminDirectory, long TaskId, int Attempt)
{
    public static GitWorkspace Locate(Workspace workspace, DataLayout layout)
    {
        var (taskId, attempt) = layout.ParseWorkspacePath(workspace.Path);
        var mirror = layout.EnsureMirrorPath(workspace.MirrorPath
            ?? throw new WorkspaceException($"workspace {workspace.Path} has no mirror recorded"));
        var path = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(workspace.Path));
        var admin = WorktreeAdmin.Find(mirror, path)
            ?? throw new WorkspaceException($"{path} is not a worktree of {mirror} (removed, or its registration pruned)");
        return new GitWorkspace(path, mirror, admin, taskId, attempt);
    }

    /// <summary>Arguments that pin git to this work tree and its real git directory.</summary>
    public string[] GitArguments => ["--git-dir=" + AdminDirectory, "--work-tree=" + Path, "-C", Path];
}
