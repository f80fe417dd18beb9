using System.Collections.Concurrent;
using Errand.Workspaces.Environments;
using Errand.Workspaces.Git;
using Microsoft.Extensions.Logging;

namespace Errand.Workspaces.Overlay;

/// <summary>
/// Copy-on-write workspaces: an overlay mount per attempt, the cached checkout of its commit (and the environment
/// setup made, if any) below, the attempt's own upper directory on top. Making one costs a mount, whatever the
/// repository's size.
/// </summary>
internal sealed class OverlayWorkspaces(GitCli git, DataLayout layout, CheckoutCache checkouts, EnvironmentCache environments, ILogger logger)
{
    private const string OwnerLock = "owner.lock";
    private readonly ConcurrentDictionary<string, AttemptHold> _held = new(StringComparer.Ordinal);

    public async Task<Workspace> PrepareAsync(
        Workspace workspace, string mirror, string mirrorKey, string startCommit, ISetupRunner? setup, CancellationToken cancellationToken)
    {
        var path = workspace.Path;
        var (taskId, attempt) = layout.ParseWorkspacePath(path);
        var attemptDirectory = layout.AttemptPath(taskId, attempt);
        RemoveAttempt(path, attemptDirectory);
        Directory.CreateDirectory(attemptDirectory);
        var owner = MirrorLock.TryExclusive(Path.Combine(attemptDirectory, OwnerLock))
            ?? throw new WorkspaceException($"attempt {taskId}-{attempt} is being prepared by another worker");
        LayerLease? checkout = null;
        LayerLease? environment = null;
        try
        {
            checkout = await checkouts.AcquireAsync(mirror, mirrorKey, startCommit, cancellationToken);
            EnvironmentReport? report = null;
            if (setup is { Commands.Count: > 0 })
            {
                (environment, report) = await environments.AcquireAsync(mirror, mirrorKey, startCommit, checkout.Directory, setup, cancellationToken);
            }

            var startTree = (await git.RunCheckedAsync($"cannot read the tree of {startCommit}",
                ["--git-dir=" + mirror, "rev-parse", "--verify", startCommit + "^{tree}"], cancellationToken)).Line;
            var baselineTree = environment is null
                ? startTree
                : File.ReadAllText(Path.Combine(environment.Directory, EnvironmentLayer.BaselineFile)).Trim();
            File.Copy(environment is null
                    ? Path.Combine(checkout.Directory, CheckoutCache.IndexFile)
                    : Path.Combine(environment.Directory, EnvironmentLayer.IndexFile),
                Path.Combine(attemptDirectory, "index"));
            new AttemptBaseline(startCommit, startTree, baselineTree).Write(attemptDirectory);

            List<string> lowers = [Path.Combine(checkout.Directory, CheckoutCache.TreeDirectory)];
            if (environment is not null)
            {
                lowers.Insert(0, Path.Combine(environment.Directory, EnvironmentLayer.WorkspaceLayer));
            }

            Directory.CreateDirectory(path);
            OverlayMount.Mount(lowers, Layer(attemptDirectory, "upper"), Layer(attemptDirectory, "work"), path);
            string? home = null;
            if (environment is not null)
            {
                home = Layer(attemptDirectory, "home");
                OverlayMount.Mount([Path.Combine(environment.Directory, EnvironmentLayer.HomeLayer)],
                    Layer(attemptDirectory, "home-upper"), Layer(attemptDirectory, "home-work"), home);
            }

            _held[path] = new AttemptHold(owner, checkout, environment);
            return workspace with
            {
                Mode = WorkspaceModes.Overlay,
                HomePath = home,
                ReadOnlyPaths = [Path.Combine(mirror, "objects")],
                Environment = report,
            };
        }
        catch
        {
            RemoveAttempt(path, attemptDirectory);
            environment?.Dispose();
            checkout?.Dispose();
            owner.Dispose();
            throw;
        }
    }

    public void Cleanup(string path)
    {
        var (taskId, attempt) = layout.ParseWorkspacePath(path);
        RemoveAttempt(path, layout.AttemptPath(taskId, attempt));
        if (_held.TryRemove(path, out var hold))
        {
            hold.Dispose();
        }

        checkouts.Collect();
        environments.Collect();
    }

    /// <summary>
    /// Unmounts and removes the workspaces of workers that died: a mount outlives the process that made it, and a
    /// leftover would otherwise pin its layers and its upper directory forever. An attempt whose owner lock is held
    /// belongs to a live worker (here or in another process) and is left alone.
    /// </summary>
    public void RecoverLeftovers()
    {
        var attempts = OverlayMount.MountsUnder(layout.Workspaces).Select(Path.GetFileName)
            .Concat(OverlayMount.MountsUnder(layout.Attempts).Select(m => Path.GetRelativePath(layout.Attempts, m).Split('/')[0]))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var name in attempts)
        {
            var path = Path.Combine(layout.Workspaces, name!);
            var attemptDirectory = Path.Combine(layout.Attempts, name!);
            if (_held.ContainsKey(path))
            {
                continue;
            }

            using var owner = Directory.Exists(attemptDirectory) ? MirrorLock.TryExclusive(Path.Combine(attemptDirectory, OwnerLock)) : null;
            if (owner is null && Directory.Exists(attemptDirectory))
            {
                continue;
            }

            logger.LogWarning("Removing overlay workspace {Path} left mounted by a worker that is gone", path);
            RemoveAttempt(path, attemptDirectory);
        }
    }

    private static void RemoveAttempt(string path, string attemptDirectory)
    {
        MountedTree.Delete(path);
        MountedTree.Delete(attemptDirectory);
    }

    private static string Layer(string attemptDirectory, string name) =>
        Directory.CreateDirectory(Path.Combine(attemptDirectory, name)).FullName;
}
