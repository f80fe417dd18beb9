using System.Globalization;

namespace Errand.Workspaces.Git;

/// <summary>
/// Merges branches one after another in a mirror with <c>git merge-tree --write-tree</c> and <c>commit-tree</c>:
/// plumbing only, no work tree, no index, no hook. A branch that conflicts with the chain so far is left out, its
/// conflicting files listed, and the next one is merged onto the chain as it was.
/// </summary>
internal sealed class BranchMerger(GitCli git, SourceResolver sources, MirrorCache mirrors, GitWorkspaceOptions options)
{
    public async Task<MergeResult> MergeAsync(MergeRequest request, CancellationToken cancellationToken)
    {
        if (request.Base is not null)
        {
            GitNames.EnsureRevision(request.Base, "base");
        }

        var source = await sources.ResolveAsync(request.Repo, cancellationToken);
        var mirror = mirrors.PathFor(source);
        using var held = await mirrors.LockExclusiveAsync(mirror, cancellationToken);
        await mirrors.RefreshAsync(source, mirror, System.Diagnostics.Stopwatch.GetTimestamp(), cancellationToken);
        var baseCommit = request.Base is null or "HEAD"
            ? await mirrors.ResolveCommitAsync(mirror, GitNames.SourceHead, cancellationToken) ?? throw new WorkspaceException($"{source.Display} has no HEAD commit")
            : await mirrors.ResolveCommitAsync(mirror, request.Base, cancellationToken) ?? throw new WorkspaceException($"base '{request.Base}' not found in {source.Display}");

        var head = baseCommit;
        var outcomes = new List<BranchMerge>(request.Branches.Count);
        foreach (var branch in request.Branches)
        {
            await GitNames.EnsureBranchAsync(git, branch, cancellationToken);
            var commit = await mirrors.ResolveCommitAsync(mirror, "refs/heads/" + branch, cancellationToken);
            if (commit is null)
            {
                outcomes.Add(new BranchMerge(branch, null, []));
                continue;
            }

            var merged = await git.RunAsync(
                ["--git-dir=" + mirror, "merge-tree", "--write-tree", "--name-only", "--no-messages", head, commit], cancellationToken);
            var lines = merged.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (merged.ExitCode == 1)
            {
                outcomes.Add(new BranchMerge(branch, commit, [.. lines.Skip(1).Distinct(StringComparer.Ordinal)]));
                continue;
            }

            if (merged.ExitCode != 0 || lines.Length == 0)
            {
                throw new WorkspaceException($"cannot merge {branch} in {source.Display}: {merged.ErrorTail}");
            }

            var message = string.Create(CultureInfo.InvariantCulture, $"Merge {branch}");
            head = (await git.RunCheckedAsync($"cannot commit the merge of {branch}",
                ["--git-dir=" + mirror, "commit-tree", lines[0], "-p", head, "-p", commit, "-F", "-"],
                CommitIdentity.Environment(options), message + "\n", cancellationToken)).Line;
            outcomes.Add(new BranchMerge(branch, commit, []));
        }

        // Outside refs/heads: the chain is on no visible branch until the fan-in delivers it, but gc keeps it.
        await git.RunCheckedAsync($"cannot record the merge in {mirror}",
            ["--git-dir=" + mirror, "update-ref", "-m", "errand: merge", string.Create(CultureInfo.InvariantCulture, $"refs/errand/merges/{request.TaskId}"), head],
            cancellationToken);
        return new MergeResult(baseCommit, head, outcomes);
    }
}
