namespace Errand.Workspaces;

/// <summary>
/// Workspaces for task attempts: a cached mirror per repository, a checkout per attempt at the base commit, the
/// agent's changes committed on the task branch.
/// </summary>
public interface IWorkspaceProvider
{
    /// <summary>Creates the attempt's workspace (fetching the mirror first when it is stale).</summary>
    Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Commits everything in the workspace (if anything changed) and reports the change from the base commit.
    /// The commit is not on any visible branch until <see cref="DeliverAsync"/>.
    /// </summary>
    Task<WorkspaceSnapshot> SnapshotAsync(Workspace workspace, string message, CancellationToken cancellationToken);

    /// <summary>
    /// Points the task branch at <paramref name="commit"/> in the mirror and, for a local repository, in the
    /// repository itself, so the user sees it where they work.
    /// </summary>
    Task DeliverAsync(Workspace workspace, string commit, CancellationToken cancellationToken);

    /// <summary>
    /// Pushes the delivered task branch at <paramref name="commit"/> to <paramref name="remote"/> of the task's repository
    /// (<c>deliver.push</c>); returns where it went (credentials removed).
    /// </summary>
    Task<string> PushAsync(Workspace workspace, string remote, string commit, CancellationToken cancellationToken);

    /// <summary>
    /// Merges <see cref="MergeRequest.Branches"/> one after another onto the base, in the repository's mirror, without a
    /// work tree: each clean merge is a merge commit on the one before; a branch that conflicts with what was merged
    /// before it is skipped, with the conflicting files reported. No visible branch moves; the result is kept reachable.
    /// </summary>
    Task<MergeResult> MergeAsync(MergeRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The patch from <paramref name="fromCommit"/> to <paramref name="toCommit"/> in the repository's mirror (unified
    /// diff, no user diff config), cut at <paramref name="maxChars"/> characters: what a judge reads of an attempt.
    /// </summary>
    Task<string> DiffAsync(string repo, string fromCommit, string toCommit, int maxChars, CancellationToken cancellationToken);

    /// <summary>Removes the workspace directory; commits and branches stay.</summary>
    Task CleanupAsync(Workspace workspace, CancellationToken cancellationToken);
}
