using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Publish;
using Errand.Bench.Support;

namespace Errand.Bench.Startup;

/// <summary>
/// How long Errand's processes take to start, per CLI build, side by side: <c>--version</c>, <c>worker</c> on a fresh and
/// on an existing SQLite data directory, <c>serve</c> to its first answered health check, and the README's first command
/// (<c>errand run examples/fix-greeting/task.md</c>) end to end. Builds are interleaved run by run (their order alternating)
/// so they see the same machine; one warm-up round is left out. Medians and p90 of wall and CPU time (from /proc).
/// </summary>
internal static class StartupScenario
{
    public static async Task RunAsync(string? cliArgument, int runs, CancellationToken cancellationToken)
    {
        var repository = RepositoryRoot();
        var clis = CliUnderTest.Parse(cliArgument, repository);
        var scratch = Directory.CreateTempSubdirectory("errand-bench-startup-").FullName;
        try
        {
            using var probes = new StartupProbes(Path.Combine(scratch, "config"));
            var existing = clis.ToDictionary(cli => cli.Label, cli => Directory.CreateDirectory(Path.Combine(scratch, "existing-" + cli.Label)).FullName);
            var samples = new List<StartupSample>();
            var loadBefore = LoadSampler.Now();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# startup: {runs} runs (+1 warm-up) of {string.Join(", ", clis.Select(c => $"{c.Label}={c.Path}"))}; load {loadBefore:0.0}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            var clock = Stopwatch.StartNew();
            for (var run = 0; run <= runs; run++)
            {
                var order = run % 2 == 0 ? clis : clis.Reverse().ToList();
                foreach (var cli in order)
                {
                    var round = new List<StartupSample>
                    {
                        await probes.VersionAsync(cli, cancellationToken),
                        await probes.WorkerAsync(cli, "worker (fresh data dir)", Fresh(scratch, "data"), cancellationToken),
                        await probes.WorkerAsync(cli, "worker (existing data dir)", existing[cli.Label], cancellationToken),
                        await probes.ServeAsync(cli, existing[cli.Label], cancellationToken),
                        await probes.RunAsync(cli, await ExampleCopyAsync(repository, Fresh(scratch, "repo"), cancellationToken), Fresh(scratch, "data"), cancellationToken),
                    };
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{(run == 0 ? "warm-up" : $"run {run}")} | {cli.Label} | {string.Join(" | ", round.Select(s => $"{s.Measure} {s.WallMs:0} ms wall {s.CpuMs:0} ms CPU"))}"));
                    if (run > 0)
                    {
                        samples.AddRange(round);
                    }
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# time: {clock.Elapsed.TotalSeconds:0} s; load {loadBefore:0.0} before, {LoadSampler.Now():0.0} after"));
            Print(samples);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void Print(IReadOnlyList<StartupSample> samples)
    {
        Console.WriteLine();
        Console.WriteLine("| start | CLI | wall p50 | wall p90 | CPU p50 | CPU p90 | runs |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var group in samples.GroupBy(s => (s.Measure, s.Cli)))
        {
            var wall = group.Select(s => s.WallMs).Order().ToList();
            var cpu = group.Select(s => s.CpuMs).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.Measure} | {group.Key.Cli} | {Percentiles.Of(wall, 50):0} ms | {Percentiles.Of(wall, 90):0} ms | {Percentiles.Of(cpu, 50):0} ms | {Percentiles.Of(cpu, 90):0} ms | {wall.Count} |"));
        }
    }

    private static string Fresh(string scratch, string prefix) =>
        Directory.CreateDirectory(Path.Combine(scratch, $"{prefix}-{Guid.NewGuid():N}")).FullName;

    // The README's example in a git repository of its own: the task's branch and commits land there, not in this one.
    private static async Task<string> ExampleCopyAsync(string repository, string target, CancellationToken cancellationToken)
    {
        var example = Path.Combine(target, "examples", "fix-greeting");
        Directory.CreateDirectory(example);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(repository, "examples", "fix-greeting")))
        {
            File.Copy(file, Path.Combine(example, Path.GetFileName(file)));
        }

        foreach (var git in new[] { "init -q -b main", "add -A", "-c user.name=bench -c user.email=bench@localhost commit -q -m example" })
        {
            using var process = Process.Start(new ProcessStartInfo("git", $"-C {target} {git}") { UseShellExecute = false })!;
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"git {git} failed in {target}");
            }
        }

        return target;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Errand.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the startup scenario inside Errand's repository (it needs examples/fix-greeting)");
    }
}
