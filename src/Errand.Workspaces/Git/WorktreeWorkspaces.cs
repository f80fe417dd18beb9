using System.Diagnostics;
using Errand.Workspaces.Environments;
using Errand.Workspaces.Overlay;

namespace Errand.Workspaces.Git;

/// <summary>
/// The fallback where overlay mounts are unavailable: a detached git worktree per attempt, checked out from the
/// mirror (time in proportion to the repository's size), and setup run in it every time (nothing to cache it in).
/// </summary>
internal sealed class WorktreeWorkspaces(GitCli git, DataLayout layout, MirrorCache mirrors)
{
    private readonly IndexedWorkTree _workTree = new(git);

    public async Task<Workspace> PrepareAsync(
        Workspace workspace, string mirror, string mirrorKey, string startCommit, ISetupRunner? setup, CancellationToken cancellationToken)
    {
        var path = workspace.Path;
        var (taskId, attempt) = layout.ParseWorkspacePath(path);

        // Shared: worktree adds run side by side (each writes only its own worktrees/<name> entry, created with an
        // atomic mkdir), and only a prune, which takes the lock exclusively, must wait for them. Writing the files
        // is nearly all of the time for a large repository; parallel checkout (one writer per core) cut a 10k-file
        // checkout from about 3 s to about 1.1 s on a 2-core machine.
        using (await mirrors.LockSharedAsync(mirror, cancellationToken))
        {
            try
            {
                await git.RunCheckedAsync($"cannot check out {startCommit} from {workspace.Repo} into {path}",
                    ["-c", "checkout.workers=0", "--git-dir=" + mirror, "worktree", "add", "--detach", "--quiet", "--", path, startCommit],
                    cancellationToken);
            }
            catch
            {
                DirectoryRemover.Delete(path);
                throw;
            }
        }

        try
        {
            return await InitializeAsync(workspace, mirror, mirrorKey, startCommit, setup, layout.AttemptPath(taskId, attempt), cancellationToken);
        }
        catch
        {
            await CleanupAsync(path, mirror, CancellationToken.None);
            throw;
        }
    }

    private async Task<Workspace> InitializeAsync(
        Workspace workspace, string mirror, string mirrorKey, string startCommit, ISetupRunner? setup, string attemptDirectory,
        CancellationToken cancellationToken)
    {
        var path = workspace.Path;
        MountedTree.Delete(attemptDirectory);
        Directory.CreateDirectory(attemptDirectory);

        // Taken now, before anything has run in the workspace, so it is git's own: Errand's private index starts as
        // the fresh checkout's, and snapshots hash only what changed.
        var admin = WorktreeAdmin.Find(mirror, path) ?? throw new WorkspaceException($"git did not register {path} as a worktree of {mirror}");
        File.Copy(Path.Combine(admin, "index"), Path.Combine(attemptDirectory, "index"));
        var startTree = (await git.RunCheckedAsync($"cannot read the tree of {startCommit}",
            ["--git-dir=" + mirror, "rev-parse", "--verify", startCommit + "^{tree}"], cancellationToken)).Line;
        var baselineTree = startTree;
        EnvironmentReport? report = null;
        if (setup is { Commands.Count: > 0 })
        {
            var started = Stopwatch.GetTimestamp();
            var key = await EnvironmentKey.ComputeAsync(git, mirror, mirrorKey, startCommit, setup, cancellationToken);
            var result = await setup.RunAsync(new SetupTarget(path, null, []), cancellationToken);
            if (result.Failed is { } failed)
            {
                throw EnvironmentCache.SetupFailure(failed, result);
            }

            baselineTree = await _workTree.StageAsync(mirror, path, Path.Combine(attemptDirectory, "index"), null, cancellationToken);
            report = new EnvironmentReport(key.Value, false, false, Stopwatch.GetElapsedTime(started), result.Commands, key.LockFiles)
            {
                NotCachedReason = "overlay unavailable",
            };
        }

        new AttemptBaseline(startCommit, startTree, baselineTree).Write(attemptDirectory);
        return workspace with { Mode = WorkspaceModes.Worktree, Environment = report };
    }

    public async Task CleanupAsync(string path, string mirror, CancellationToken cancellationToken)
    {
        var (taskId, attempt) = layout.ParseWorkspacePath(path);
        MountedTree.Delete(layout.AttemptPath(taskId, attempt));

        // Deleted directly and then pruned, never `git worktree remove`: that reads the worktree's admin directory,
        // which the sandbox could write, and would run git in the work tree.
        DirectoryRemover.Delete(path);
        if (Directory.Exists(mirror))
        {
            using var held = await mirrors.LockExclusiveAsync(mirror, cancellationToken);
            await mirrors.PruneAsync(mirror, cancellationToken);
        }
    }
}
