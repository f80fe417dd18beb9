using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Support;
using Errand.Workspaces;

namespace Errand.Bench.Workspaces;

/// <summary>
/// Workspace creation per repository size: the overlay path (a mount over the cached checkout) beside a git worktree
/// and `git clone --local`, interleaved in one run. The overlay's one-time cost (building the cached checkout of a
/// commit) is measured apart from what each later task pays. Also: a snapshot with one file changed, which must not
/// grow into hashing the whole tree.
/// </summary>
internal static class WorkspaceCreationScenario
{
    /// <summary>
    /// <paramref name="samples"/> of each method, interleaved; the overlay (milliseconds each) is sampled
    /// <paramref name="overlaySamples"/> times when that is more, so its p99 means something, while each git
    /// worktree and clone of the larger repositories takes seconds under load.
    /// </summary>
    public static async Task RunAsync(IReadOnlyList<int> sizes, int samples, CancellationToken cancellationToken, int overlaySamples = 0)
    {
        var root = Directory.CreateTempSubdirectory("errand-bench-ws-").FullName;
        var rows = new List<string>();
        try
        {
            foreach (var size in sizes)
            {
                var clock = Stopwatch.StartNew();
                var repo = GeneratedRepo.Create(root, size);
                var generated = clock.Elapsed;
                var data = Path.Combine(root, $"data-{size}");
                var overlay = new GitWorkspaceProvider(new GitWorkspaceOptions { Root = data, Mode = WorkspaceMode.Overlay });
                var worktree = new GitWorkspaceProvider(new GitWorkspaceOptions { Root = data, Mode = WorkspaceMode.Worktree });

                // First use: the mirror (both paths share it) is made outside the timing, then the overlay's first
                // prepare builds the cached checkout of the commit: a once-per-commit cost.
                await worktree.CleanupAsync(await worktree.PrepareAsync(Request(repo, 0), cancellationToken), cancellationToken);
                var first = Stopwatch.GetTimestamp();
                var firstWorkspace = await overlay.PrepareAsync(Request(repo, 1), cancellationToken);
                var firstMs = Stopwatch.GetElapsedTime(first).TotalMilliseconds;
                await overlay.CleanupAsync(firstWorkspace, cancellationToken);

                var times = new Dictionary<string, List<double>>
                {
                    ["overlay"] = [], ["worktree"] = [], ["clone"] = [], ["overlay snapshot"] = [], ["worktree snapshot"] = [],
                };
                var setUp = clock.Elapsed;
                for (var i = 0; i < Math.Max(samples, overlaySamples); i++)
                {
                    // Interleaved, so each method sees the same machine noise.
                    await MeasureProviderAsync(overlay, repo, 100 + i, times["overlay"], times["overlay snapshot"], cancellationToken);
                    if (i < samples)
                    {
                        await MeasureProviderAsync(worktree, repo, 100_000 + i, times["worktree"], times["worktree snapshot"], cancellationToken);
                        times["clone"].Add(Clone(repo, Path.Combine(root, "clone")));
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"# time: workspaces {size:N0} files: repository generated {generated.TotalSeconds:0.0} s, mirror and first use {(setUp - generated).TotalSeconds:0.0} s, samples {(clock.Elapsed - setUp).TotalSeconds:0.0} s"));

                string Cell(string name)
                {
                    var sorted = times[name].Order().ToList();
                    return string.Create(CultureInfo.InvariantCulture, $"{Percentiles.Of(sorted, 50):0.0} / {Percentiles.Of(sorted, 99):0.0}");
                }

                var row = string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {Cell("overlay")} | {firstMs:0} | {Cell("worktree")} | {Cell("clone")} | {Cell("overlay snapshot")} | {Cell("worktree snapshot")} |");
                Console.WriteLine(row);
                rows.Add(row);
            }

            Console.WriteLine();
            Console.WriteLine(overlaySamples > samples
                ? $"Workspace creation, ms p50 / p99 per size: {overlaySamples} samples of the overlay, {samples} of git worktree add and git clone --local (seconds each under load), interleaved:"
                : $"Workspace creation, ms p50 / p99 over {samples} interleaved samples per method and size:");
            Console.WriteLine();
            Console.WriteLine("| files | overlay (per task) | overlay first use (cached checkout) | git worktree add | git clone --local | snapshot, 1 file changed (overlay) | snapshot, 1 file changed (worktree) |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            rows.ForEach(Console.WriteLine);
        }
        finally
        {
            var cleanup = Stopwatch.StartNew();
            foreach (var mount in Errand.Workspaces.Overlay.OverlayMount.MountsUnder(root))
            {
                Errand.Workspaces.Overlay.OverlayMount.Unmount(mount);
            }

            Directory.Delete(root, recursive: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# time: workspaces clean-up {cleanup.Elapsed.TotalSeconds:0.0} s"));
        }
    }

    private static WorkspaceRequest Request(string repo, long taskId) =>
        new(taskId, 1, repo, "main", string.Create(CultureInfo.InvariantCulture, $"errand/bench-{taskId}"));

    private static async Task MeasureProviderAsync(
        GitWorkspaceProvider provider, string repo, long taskId, List<double> prepare, List<double> snapshot, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var workspace = await provider.PrepareAsync(Request(repo, taskId), cancellationToken);
        prepare.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        File.AppendAllText(Path.Combine(workspace.Path, "src00", "file0.txt"), "changed\n");
        started = Stopwatch.GetTimestamp();
        await provider.SnapshotAsync(workspace, "bench", cancellationToken);
        snapshot.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        await provider.CleanupAsync(workspace, cancellationToken);
    }

    private static double Clone(string repo, string target)
    {
        var started = Stopwatch.GetTimestamp();
        GeneratedRepo.Git("/", "clone", "--quiet", "--local", "--", repo, target);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Directory.Delete(target, recursive: true);
        return elapsed;
    }
}
