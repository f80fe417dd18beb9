namespace Errand.Workspaces.Git;

/// <summary>A prepared workspace as Errand's own git commands on it need it, checked against the data directory.</summary>
/// <param name="Path">The work tree.</param>
/// <param name="Mirror">The mirror it was checked out from (objects and refs; never the work tree's own .git).</param>
/// <param name="AttemptDirectory">Errand's private state for the attempt: index and baseline, outside the sandbox's reach.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Attempt">The attempt.</param>
internal sealed record GitWorkspace(string Path, string Mirror, string AttemptDirectory, long TaskId, int Attempt)
{
    /// <summary>Errand's private index of the work tree.</summary>
    public string IndexFile => System.IO.Path.Combine(AttemptDirectory, "index");

    public static GitWorkspace Locate(Workspace workspace, DataLayout layout)
    {
        var (taskId, attempt) = layout.ParseWorkspacePath(workspace.Path);
        var mirror = layout.EnsureMirrorPath(workspace.MirrorPath
            ?? throw new WorkspaceException($"workspace {workspace.Path} has no mirror recorded"));
        var path = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(workspace.Path));
        var attemptDirectory = layout.AttemptPath(taskId, attempt);
        return File.Exists(System.IO.Path.Combine(attemptDirectory, AttemptBaseline.FileName))
            ? new GitWorkspace(path, mirror, attemptDirectory, taskId, attempt)
            : throw new WorkspaceException($"{path} has no private git state under {attemptDirectory} (removed, or never prepared)");
    }
}
