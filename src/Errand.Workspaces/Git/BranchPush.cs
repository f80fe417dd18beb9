namespace Errand.Workspaces.Git;

/// <summary>
/// <c>deliver: { push: REMOTE }</c>: pushes the task branch from the mirror to a remote of the task's repository (for a
/// local repository, a remote it has configured; for a URL, <c>origin</c> is that URL). Runs on the host with the user's
/// own git credentials, never in the sandbox. The push moves the remote branch only from where Errand last put it (or
/// creates it), so a branch someone else pushed to is refused, not overwritten.
/// </summary>
internal sealed class BranchPush(GitCli git, DataLayout layout)
{
    public async Task<string> PushAsync(Workspace workspace, string remote, string commit, CancellationToken cancellationToken)
    {
        await GitNames.EnsureBranchAsync(git, workspace.Branch, cancellationToken);
        if (!GitNames.IsFullCommitId(commit))
        {
            throw new WorkspaceException($"'{commit}' is not a full commit id");
        }

        var mirror = layout.EnsureMirrorPath(workspace.MirrorPath ?? throw new WorkspaceException($"workspace {workspace.Path} has no mirror recorded"));
        var url = await ResolveAsync(workspace, mirror, remote, cancellationToken);
        var branchRef = "refs/heads/" + workspace.Branch;
        var pushedRef = $"refs/errand/pushed/{remote}/{workspace.Branch}";
        var pushed = await git.RunAsync(["--git-dir=" + mirror, "rev-parse", "--verify", "--quiet", pushedRef + "^{commit}"], cancellationToken);
        var expect = pushed.ExitCode == 0 ? pushed.Line : "";
        if (expect == commit)
        {
            return RepoLocation.Redact(url); // pushed already (a resume after the push): nothing to do
        }

        // An empty expectation means "must not exist yet": the first push creates the branch, later ones move only
        // what Errand pushed before.
        await git.RunCheckedAsync($"cannot push {workspace.Branch} to {remote} ({RepoLocation.Redact(url)})",
            ["--git-dir=" + mirror, "push", "--quiet", "--no-verify", $"--force-with-lease={branchRef}:{expect}", "--", url, $"{commit}:{branchRef}"],
            cancellationToken);
        await git.RunCheckedAsync($"cannot record the push of {workspace.Branch}",
            ["--git-dir=" + mirror, "update-ref", "-m", "errand: pushed", pushedRef, commit], cancellationToken);
        return RepoLocation.Redact(url);
    }

    private async Task<string> ResolveAsync(Workspace workspace, string mirror, string remote, CancellationToken cancellationToken)
    {
        var local = workspace.Repo is { } repo && RepoLocation.IsLocalPath(repo) ? repo : null;
        var found = local is not null
            ? await git.RunAsync(["-C", local, "remote", "get-url", "--push", "--", remote], cancellationToken)
            : await git.RunAsync(["--git-dir=" + mirror, "remote", "get-url", "--push", "--", remote], cancellationToken);
        if (found.ExitCode != 0 || found.Line.Length == 0)
        {
            throw new WorkspaceException($"deliver.push: the repository {RepoLocation.Redact(local ?? workspace.Repo ?? "")} has no remote named '{remote}'");
        }

        return found.Line;
    }
}
