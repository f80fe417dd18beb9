using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Support;
using Errand.Sandboxing.Bubblewrap;
using Errand.Workspaces;

namespace Errand.Bench.Workspaces;

/// <summary>
/// Warm versus cold environment start: preparing a workspace whose setup (in a bubblewrap sandbox) writes a few
/// thousand files into the workspace and a cache into the sandbox home. Cold: a setup nobody ran before (the
/// command differs by a comment each round, so the key is new); warm: the same setup as an earlier task. Beside
/// them, the same workspace with no setup at all.
/// </summary>
internal static class EnvironmentStartScenario
{
    public static async Task RunAsync(int files, int samples, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("errand-bench-env-").FullName;
        try
        {
            var repo = GeneratedRepo.Create(root, 1_000);
            var provider = new GitWorkspaceProvider(new GitWorkspaceOptions { Root = Path.Combine(root, "data"), Mode = WorkspaceMode.Overlay });
            var sandboxes = new BubblewrapSandboxProvider(new BubblewrapOptions());
            var restore = string.Create(CultureInfo.InvariantCulture,
                $"mkdir -p node_modules \"$HOME/.cache\" && i=0; while [ $i -lt {files} ]; do echo \"module.exports = $i\" > node_modules/m$i.js; i=$((i+1)); done; cp node_modules/m1.js \"$HOME/.cache/\"");
            var warmSetup = new SandboxedSetup(sandboxes, [restore]);
            await provider.CleanupAsync(await PrepareAsync(provider, repo, 0, warmSetup, cancellationToken), cancellationToken);

            var times = new Dictionary<string, List<double>> { ["cold"] = [], ["warm"] = [], ["none"] = [] };
            for (var i = 0; i < samples; i++)
            {
                var coldSetup = new SandboxedSetup(sandboxes, [restore + string.Create(CultureInfo.InvariantCulture, $" # round {i}")]);
                await MeasureAsync(provider, repo, 10 + (3 * i), coldSetup, times["cold"], expectWarm: false, cancellationToken);
                await MeasureAsync(provider, repo, 11 + (3 * i), warmSetup, times["warm"], expectWarm: true, cancellationToken);
                await MeasureAsync(provider, repo, 12 + (3 * i), null, times["none"], expectWarm: null, cancellationToken);
            }

            Console.WriteLine();
            Console.WriteLine($"Environment start (setup writes {files:N0} files in bubblewrap; 1,000-file repo), ms over {samples} interleaved samples:");
            Console.WriteLine();
            Console.WriteLine("| start | p50 | p99 |");
            Console.WriteLine("|---|---:|---:|");
            foreach (var (name, label) in new[] { ("cold", "cold (setup runs, layer kept)"), ("warm", "warm (layer reused)"), ("none", "no setup") })
            {
                var sorted = times[name].Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {Percentiles.Of(sorted, 50):0.0} | {Percentiles.Of(sorted, 99):0.0} |"));
            }
        }
        finally
        {
            foreach (var mount in Errand.Workspaces.Overlay.OverlayMount.MountsUnder(root))
            {
                Errand.Workspaces.Overlay.OverlayMount.Unmount(mount);
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static Task<Workspace> PrepareAsync(GitWorkspaceProvider provider, string repo, long taskId, ISetupRunner? setup, CancellationToken cancellationToken) =>
        provider.PrepareAsync(new WorkspaceRequest(taskId, 1, repo, "main", $"errand/bench-{taskId}") { Setup = setup }, cancellationToken);

    private static async Task MeasureAsync(
        GitWorkspaceProvider provider, string repo, long taskId, ISetupRunner? setup, List<double> times, bool? expectWarm, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var workspace = await PrepareAsync(provider, repo, taskId, setup, cancellationToken);
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (workspace.Environment?.Warm != expectWarm)
        {
            throw new InvalidOperationException($"expected warm={expectWarm}, got {workspace.Environment?.Warm}");
        }

        await provider.CleanupAsync(workspace, cancellationToken);
    }
}
