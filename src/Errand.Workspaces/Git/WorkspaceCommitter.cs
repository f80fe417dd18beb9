using Errand.Results;
using Errand.Workspaces.Overlay;

namespace Errand.Workspaces.Git;

/// <summary>Commits a workspace as it stands and measures it against the base commit.</summary>
/// <remarks>
/// Plumbing only (add into Errand's private index, write-tree, commit-tree, update-ref), never porcelain
/// <c>git commit</c>: nothing reads the workspace's own git directory (see <see cref="IndexedWorkTree"/>), no hook
/// or auto-gc runs, and the agent's view of git inside the sandbox (its HEAD and index) is left as it was.
/// </remarks>
internal sealed class WorkspaceCommitter(GitCli git, DataLayout layout, GitWorkspaceOptions options)
{
    private const string DefaultMessage = "errand: snapshot";

    private readonly IndexedWorkTree _workTree = new(git);

    public async Task<WorkspaceSnapshot> SnapshotAsync(Workspace workspace, string message, CancellationToken cancellationToken)
    {
        var ws = GitWorkspace.Locate(workspace, layout);
        var baseline = AttemptBaseline.Read(ws.AttemptDirectory);
        // An overlay's upper directory holds every change and nothing else: only those paths need looking at.
        var upper = Path.Combine(ws.AttemptDirectory, "upper");
        var only = Directory.Exists(upper) ? UpperChanges.List(upper) : null;
        var staged = await _workTree.StageAsync(ws.Mirror, ws.Path, ws.IndexFile, only, cancellationToken);

        // What the setup commands left (node_modules, build outputs) is the environment, not the work: only the
        // change from the baseline is committed, onto the start tree.
        var tree = baseline.HasEnvironment
            ? await _workTree.ApplyChangeAsync(ws.Mirror, Path.Combine(ws.AttemptDirectory, "compose-index"),
                baseline.StartTree, baseline.BaselineTree, staged, cancellationToken)
            : staged;

        var snapshotRef = GitNames.SnapshotRef(ws.TaskId, ws.Attempt);
        var previous = await git.RunAsync(
            ["--git-dir=" + ws.Mirror, "rev-parse", "--verify", "--quiet", snapshotRef + "^{commit}"], cancellationToken);
        var parent = previous.ExitCode == 0 ? previous.Line : baseline.StartCommit;
        var parentTree = (await git.RunCheckedAsync($"cannot read the tree of {parent}",
            ["--git-dir=" + ws.Mirror, "rev-parse", "--verify", parent + "^{tree}"], cancellationToken)).Line;
        var head = parentTree == tree
            ? parent
            : await CommitAsync(ws, tree, parent, string.IsNullOrWhiteSpace(message) ? DefaultMessage : message, cancellationToken);

        // The commit is on no branch until delivery; this ref is what keeps it (and so the checkpoint a resumed
        // attempt starts from) safe from gc.
        await git.RunCheckedAsync($"cannot record snapshot {head} in {ws.Mirror}",
            ["--git-dir=" + ws.Mirror, "update-ref", "-m", "errand: snapshot", snapshotRef, head], cancellationToken);

        var baseCommit = workspace.BaseCommit!;
        return new WorkspaceSnapshot(head, head == baseCommit ? DiffStat.Empty : await DiffStatAsync(ws.Mirror, baseCommit, head, cancellationToken));
    }

    private async Task<string> CommitAsync(GitWorkspace ws, string tree, string parent, string message, CancellationToken cancellationToken)
    {
        // Errand's identity and the injected clock, whatever the user's config says; commit-tree never signs or
        // runs a hook.
        var identity = CommitIdentity.Environment(options);
        var output = await git.RunCheckedAsync($"cannot commit the changes in {ws.Path}",
            ["--git-dir=" + ws.Mirror, "commit-tree", tree, "-p", parent, "-F", "-"], identity, CleanMessage(message) + "\n", cancellationToken);
        return output.Line;
    }

    // What `git commit --cleanup=strip` did: no trailing whitespace, no leading or trailing blank lines.
    private static string CleanMessage(string message) =>
        string.Join('\n', message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).Trim('\n');

    private async Task<DiffStat> DiffStatAsync(string mirror, string from, string to, CancellationToken cancellationToken)
    {
        // diff-tree is plumbing: no user diff config (external diff, textconv, renames off) changes its output.
        var numstat = await git.RunCheckedAsync($"cannot compare {to} with {from}",
            ["--git-dir=" + mirror, "diff-tree", "-r", "-z", "--numstat", "-M", from, to], cancellationToken);
        return NumstatParser.Parse(numstat.StandardOutput);
    }
}
