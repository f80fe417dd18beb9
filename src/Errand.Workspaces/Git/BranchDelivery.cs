namespace Errand.Workspaces.Git;

/// <summary>Points a task branch at a commit: in the mirror, and in a local source repository where the user works.</summary>
internal sealed class BranchDelivery(GitCli git, DataLayout layout, MirrorCache mirrors)
{
    public async Task DeliverAsync(Workspace workspace, string commit, CancellationToken cancellationToken)
    {
        await GitNames.EnsureBranchAsync(git, workspace.Branch, cancellationToken);
        if (!GitNames.IsFullCommitId(commit))
        {
            throw new WorkspaceException($"'{commit}' is not a full commit id");
        }

        var mirror = layout.EnsureMirrorPath(workspace.MirrorPath
            ?? throw new WorkspaceException($"workspace {workspace.Path} has no mirror recorded"));
        if (await mirrors.ResolveCommitAsync(mirror, commit, cancellationToken) != commit)
        {
            throw new WorkspaceException($"commit {commit} is not in the mirror of {workspace.Repo}");
        }

        var branchRef = "refs/heads/" + workspace.Branch;
        var source = workspace.Repo is { } repo && RepoLocation.IsLocalPath(repo) ? repo : null;

        // Under the exclusive lock: a fetch running at the same time could be writing this very branch.
        using var held = await mirrors.LockExclusiveAsync(mirror, cancellationToken);
        var deliveredRef = "refs/errand/delivered/" + workspace.Branch;
        if (source is not null)
        {
            await EnsureNotCheckedOutAsync(source, workspace.Branch, cancellationToken);
            await EnsureOursAsync(source, mirror, workspace.Branch, deliveredRef, cancellationToken);
        }

        await git.RunCheckedAsync($"cannot move {workspace.Branch} in {mirror}",
            ["--git-dir=" + mirror, "update-ref", "-m", "errand: deliver", branchRef, commit], cancellationToken);

        if (source is not null)
        {
            // Forced: the branch belongs to the task, and a retry or a later attempt must be able to move it.
            await git.RunCheckedAsync($"cannot deliver {workspace.Branch} to {source}",
                ["--git-dir=" + mirror, "push", "--quiet", "--no-verify", "--", source, $"+{commit}:{branchRef}"], cancellationToken);
            await git.RunCheckedAsync($"cannot record the delivery of {workspace.Branch}",
                ["--git-dir=" + mirror, "update-ref", "-m", "errand: delivered", deliveredRef, commit], cancellationToken);
        }
    }

    private async Task EnsureOursAsync(string source, string mirror, string branch, string deliveredRef, CancellationToken cancellationToken)
    {
        // The push below is forced. It may move only a branch Errand made and nobody has committed to since: a spec
        // naming `deliver: { branch: main }`, or a user's commits on top of a task branch, must never be overwritten.
        var existing = await git.RunAsync(["-C", source, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch + "^{commit}"], cancellationToken);
        if (existing.ExitCode != 0)
        {
            return;
        }

        var delivered = await git.RunAsync(["--git-dir=" + mirror, "rev-parse", "--verify", "--quiet", deliveredRef + "^{commit}"], cancellationToken);
        if (delivered.ExitCode != 0 || delivered.Line != existing.Line)
        {
            throw new WorkspaceException(
                $"branch '{branch}' already exists in {source} at {existing.Line[..Math.Min(12, existing.Line.Length)]}"
                + (delivered.ExitCode != 0 ? " and Errand did not make it" : " with commits Errand did not make")
                + "; Errand will not overwrite it. Name another branch in deliver.branch, or delete that one.");
        }
    }

    private async Task EnsureNotCheckedOutAsync(string source, string branch, CancellationToken cancellationToken)
    {
        // Moving a checked-out branch would leave that work tree's files and index describing a different commit
        // than its HEAD: the user's next commit would silently undo the task's changes.
        var list = await git.RunCheckedAsync($"cannot list the work trees of {source}",
            ["-C", source, "worktree", "list", "--porcelain", "-z"], cancellationToken);
        string? worktree = null;
        foreach (var field in list.StandardOutput.Split('\0'))
        {
            if (field.StartsWith("worktree ", StringComparison.Ordinal))
            {
                worktree = field["worktree ".Length..];
            }
            else if (field == "branch refs/heads/" + branch)
            {
                throw new WorkspaceException(
                    $"branch '{branch}' is checked out in {worktree}; Errand will not move a branch under a work tree. "
                    + "Switch that work tree to another branch and deliver again.");
            }
        }
    }
}
