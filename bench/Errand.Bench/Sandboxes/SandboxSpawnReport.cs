using System.Globalization;
using Errand.Sandboxing;
using Errand.Sandboxing.Bubblewrap;
using Errand.Sandboxing.None;
using Errand.Specs;

namespace Errand.Bench.Sandboxes;

/// <summary>
/// The sandbox spawn table: <c>true</c> in the none backend, in bubblewrap, and in bubblewrap with cgroup limits,
/// interleaved; printed as a Markdown table.
/// </summary>
internal static class SandboxSpawnReport
{
    public static async Task PrintAsync(int spawns, CancellationToken cancellationToken)
    {
        var spawnDir = Directory.CreateTempSubdirectory("errand-bench-spawn-").FullName;
        var spawnReport = await SandboxSpawnScenario.RunAsync(
        [
            (new NoneSandboxProvider(TimeProvider.System), new SandboxRequest(spawnDir, new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true })),
            (new BubblewrapSandboxProvider(new BubblewrapOptions()), new SandboxRequest(spawnDir, new SandboxSpec())),
            (new BubblewrapSandboxProvider(new BubblewrapOptions()), new SandboxRequest(spawnDir, new SandboxSpec { Limits = new SandboxLimits { Processes = 256, MemoryBytes = 512L << 20 } })),
        ], spawns, cancellationToken);
        Console.WriteLine();
        Console.WriteLine($"Sandbox spawn: `true`, {spawns} runs each, interleaved");
        Console.WriteLine();
        Console.WriteLine("| backend | p50 | p99 |");
        Console.WriteLine("|---|---:|---:|");
        var labels = new[] { "none (plain process)", "bubblewrap", "bubblewrap + cgroup limits" };
        for (var i = 0; i < spawnReport.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {labels[i]} | {spawnReport[i].P50Ms:0.0} ms | {spawnReport[i].P99Ms:0.0} ms |"));
        }

        Directory.Delete(spawnDir, recursive: true);
    }
}
