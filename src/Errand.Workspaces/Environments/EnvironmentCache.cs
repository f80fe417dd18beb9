using System.Diagnostics;
using Errand.Workspaces.Git;
using Errand.Workspaces.Overlay;

namespace Errand.Workspaces.Environments;

/// <summary>
/// Warm environments: a spec's setup commands run once per <see cref="EnvironmentKey"/>, in the task's own sandbox
/// over an overlay of the cached checkout, and what they changed (in the workspace and in the sandbox home) is kept
/// as read-only layers that later workspaces with the same key mount below their own changes.
/// </summary>
internal sealed class EnvironmentCache(GitCli git, LayerStore layers)
{
    private readonly IndexedWorkTree _workTree = new(git);

    public void Collect() => layers.Collect();

    public async Task<(LayerLease Lease, EnvironmentReport Report)> AcquireAsync(
        string mirror, string mirrorKey, string commit, string checkout, ISetupRunner runner, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var key = await EnvironmentKey.ComputeAsync(git, mirror, mirrorKey, commit, runner, cancellationToken);
        SetupResult? ran = null;
        var lease = await layers.AcquireAsync(key.Value, async (temp, ct) =>
        {
            ran = await BuildAsync(mirror, checkout, runner, key, temp, ct);
        }, cancellationToken);
        var report = new EnvironmentReport(key.Value, !lease.Built, true, Stopwatch.GetElapsedTime(started),
            lease.Built ? ran?.Commands ?? [] : [], key.LockFiles);
        return (lease, report);
    }

    private async Task<SetupResult> BuildAsync(
        string mirror, string checkout, ISetupRunner runner, EnvironmentKey key, string temp, CancellationToken cancellationToken)
    {
        var upper = Directory.CreateDirectory(Path.Combine(temp, EnvironmentLayer.WorkspaceLayer)).FullName;
        var work = Directory.CreateDirectory(Path.Combine(temp, "work")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(temp, EnvironmentLayer.HomeLayer)).FullName;
        var merged = Directory.CreateDirectory(Path.Combine(temp, "merged")).FullName;
        var index = Path.Combine(temp, EnvironmentLayer.IndexFile);
        OverlayMount.Mount([Path.Combine(checkout, CheckoutCache.TreeDirectory)], upper, work, merged);
        try
        {
            var result = await runner.RunAsync(new SetupTarget(merged, home, [Path.Combine(mirror, "objects")]), cancellationToken);
            if (result.Failed is { } failed)
            {
                throw SetupFailure(failed, result);
            }

            File.Copy(Path.Combine(checkout, CheckoutCache.IndexFile), index);
            var baseline = await _workTree.StageAsync(mirror, merged, index, UpperChanges.List(upper), cancellationToken);
            File.WriteAllText(Path.Combine(temp, EnvironmentLayer.BaselineFile), baseline + "\n");

            // The baseline tree's objects are in the mirror but on no branch: this ref keeps them from gc for as
            // long as the environment may be used.
            await git.RunCheckedAsync("cannot record the environment's tree",
                ["--git-dir=" + mirror, "update-ref", "refs/errand/environments/" + key.Value, baseline], cancellationToken);
            return result;
        }
        finally
        {
            OverlayMount.Unmount(merged);
            Directory.Delete(merged);
            DirectoryRemover.Delete(work);
        }
    }

    public static WorkspaceException SetupFailure(SetupCommandResult failed, SetupResult result)
    {
        var index = result.Commands.ToList().IndexOf(failed) + 1;
        var tail = string.IsNullOrWhiteSpace(failed.OutputTail) ? "" : $"\n{failed.OutputTail.TrimEnd()}";
        return new WorkspaceException(
            $"setup command {index} (`{failed.Command}`) failed with exit code {failed.ExitCode} after {failed.Duration.TotalSeconds:0.0}s; "
            + $"the environment is not cached{tail}");
    }
}
