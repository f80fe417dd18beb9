using System.Globalization;
using Errand.Results;

namespace Errand.Workspaces.Git;

/// <summary>Commits a workspace as it stands and measures it against the base commit.</summary>
internal sealed class WorkspaceCommitter(GitCli git, DataLayout layout, GitWorkspaceOptions options)
{
    private const string DefaultMessage = "errand: snapshot";

    public async Task<WorkspaceSnapshot> SnapshotAsync(Workspace workspace, string message, CancellationToken cancellationToken)
    {
        var ws = GitWorkspace.Locate(workspace, layout);
        var baseCommit = workspace.BaseCommit!;

        // Only this attempt's worker uses this worktree, so an index lock left by a snapshot that was killed
        // mid-way is stale and would otherwise block every later snapshot of the attempt.
        File.Delete(Path.Combine(ws.AdminDirectory, "index.lock"));

        await git.RunCheckedAsync($"cannot stage the changes in {ws.Path}", [.. ws.GitArguments, "add", "--all"], cancellationToken);
        var staged = await git.RunAsync([.. ws.GitArguments, "diff-index", "--cached", "--quiet", "HEAD", "--"], cancellationToken);
        if (staged.ExitCode == 1)
        {
            await CommitAsync(ws, string.IsNullOrWhiteSpace(message) ? DefaultMessage : message, cancellationToken);
        }
        else if (staged.ExitCode != 0)
        {
            throw new WorkspaceException($"cannot compare {ws.Path} with its last commit: {staged.ErrorTail}");
        }

        var head = (await git.RunCheckedAsync($"cannot read the commit of {ws.Path}",
            [.. ws.GitArguments, "rev-parse", "--verify", "HEAD"], cancellationToken)).Line;

        // The commit is on no branch until delivery; this ref is what keeps it (and so the checkpoint a resumed
        // attempt starts from) safe from gc.
        await git.RunCheckedAsync($"cannot record snapshot {head} in {ws.Mirror}",
            ["--git-dir=" + ws.Mirror, "update-ref", "-m", "errand: snapshot", GitNames.SnapshotRef(ws.TaskId, ws.Attempt), head],
            cancellationToken);

        return new WorkspaceSnapshot(head, head == baseCommit ? DiffStat.Empty : await DiffStatAsync(ws.Mirror, baseCommit, head, cancellationToken));
    }

    private async Task CommitAsync(GitWorkspace ws, string message, CancellationToken cancellationToken)
    {
        // Errand's identity and the injected clock, whatever the user's config says; hooks and signing are off in
        // GitCli and again here, so a commit never runs a program and never waits for a passphrase.
        var date = string.Create(CultureInfo.InvariantCulture, $"@{options.TimeProvider.GetUtcNow().ToUnixTimeSeconds()} +0000");
        var identity = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_AUTHOR_NAME"] = options.CommitterName,
            ["GIT_AUTHOR_EMAIL"] = options.CommitterEmail,
            ["GIT_AUTHOR_DATE"] = date,
            ["GIT_COMMITTER_NAME"] = options.CommitterName,
            ["GIT_COMMITTER_EMAIL"] = options.CommitterEmail,
            ["GIT_COMMITTER_DATE"] = date,
        };
        var output = await git.RunAsync(
            [.. ws.GitArguments, "commit", "--quiet", "--no-verify", "--no-gpg-sign", "--cleanup=strip", "-m", message],
            identity, cancellationToken);
        if (output.ExitCode != 0)
        {
            throw new WorkspaceException($"cannot commit the changes in {ws.Path}: {output.ErrorTail}");
        }
    }

    private async Task<DiffStat> DiffStatAsync(string mirror, string from, string to, CancellationToken cancellationToken)
    {
        // diff-tree is plumbing: no user diff config (external diff, textconv, renames off) changes its output.
        var numstat = await git.RunCheckedAsync($"cannot compare {to} with {from}",
            ["--git-dir=" + mirror, "diff-tree", "-r", "-z", "--numstat", "-M", from, to], cancellationToken);
        return NumstatParser.Parse(numstat.StandardOutput);
    }
}
