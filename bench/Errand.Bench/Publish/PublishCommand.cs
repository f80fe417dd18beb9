using System.Diagnostics;
using System.Reflection;
using Errand.Bench.Agents;
using Errand.Bench.Floor;
using Errand.Bench.Peers;
using Errand.Bench.Questions;
using Errand.Bench.Reclaim;
using Errand.Bench.Sandboxes;
using Errand.Bench.Workspaces;
using Errand.Tests.Shared.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Errand.Bench.Publish;

/// <summary>
/// <c>--publish [--quick] [--pg CONN] [--out DIR] [--skip|--only peers,floor,reclaim,spawn,workspaces,agents,parked]</c>:
/// the whole suite in one run, Errand beside Hangfire and beside the durable-commit floor, written to
/// <c>docs/benchmarks/RESULTS.md</c> with PNG plots. PostgreSQL is a private durable cluster started here with
/// pg_stat_statements loaded (or <c>--pg</c>, an existing server). Each section's wall time is printed as it ends and
/// published, against the 15-minute budget (<see cref="SectionClock"/>).
/// </summary>
internal static class PublishCommand
{
    /// <summary>The sections of the run: what <c>--skip</c> and <c>--only</c> name.</summary>
    public static readonly IReadOnlyList<string> SectionNames = ["peers", "floor", "reclaim", "spawn", "workspaces", "agents", "parked"];

    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (!args.Contains("--publish"))
        {
            return false;
        }

        var cancellationToken = CancellationToken.None;
        var quick = args.Contains("--quick");
        var counts = quick ? PublishCounts.Quick : PublishCounts.Full;
        var skip = Sections(args, "--skip");
        var only = Sections(args, "--only");
        bool Runs(string section) => !skip.Contains(section) && (only.Count == 0 || only.Contains(section));
        var output = Value(args, "--out") ?? Path.Combine(RepositoryRoot(), "docs", "benchmarks");
        var command = string.Join(' ', new[] { "./bench.sh" }.Concat(args.Where(a => a != "--publish")));
        var started = DateTimeOffset.UtcNow;
        await using var load = new LoadSampler(TimeSpan.FromSeconds(5));
        var clock = new SectionClock(load);
        var server = Value(args, "--pg");

        // One durable cluster for every section that uses PostgreSQL (peers, floor, reclaim): each in its own schema.
        var (cluster, versions) = await clock.TimeAsync("set-up (PostgreSQL cluster, versions)", "initdb and start of one private durable cluster", async () =>
        {
            var privateCluster = server is null
                ? await PrivateCluster.StartAsync(durable: true, options: "-c shared_preload_libraries=pg_stat_statements")
                : null;
            return (privateCluster, await VersionsAsync(server ?? privateCluster!.ConnectionString, cancellationToken));
        });
        await using var _ = cluster;
        var postgres = server ?? cluster!.ConnectionString;
        Console.WriteLine($"# publish: {command}; output {output}; {string.Join(", ", versions.Select(v => $"{v.Key} {v.Value}"))}");

        IReadOnlyList<PeerResult> peers = [];
        IReadOnlyList<FloorResult> floor = [];
        IReadOnlyList<ReclaimSample> reclaim = [];
        var printed = new Dictionary<string, string>();
        if (Runs("peers"))
        {
            peers = await clock.TimeAsync("peers", counts.PeersMeasured,
                () => PeerComparison.RunAsync(postgres, counts.Burst, counts.IdleSamples, counts.DefaultPollSamples, cancellationToken));
        }

        if (Runs("floor"))
        {
            floor = await clock.TimeAsync("floor", counts.FloorMeasured,
                () => CommitFloor.RunAsync(postgres, counts.FloorWriters, counts.FloorDuration, cancellationToken));
        }

        if (Runs("reclaim"))
        {
            reclaim = await clock.TimeAsync("reclaim", counts.ReclaimMeasured,
                () => ReclaimScenario.RunAsync(postgres, counts.Leases, counts.ReclaimSamples, cancellationToken));
        }

        (string Name, string Measured, Func<Task> Run)[] printing =
        [
            ("spawn", counts.SpawnMeasured, () => SandboxSpawnReport.PrintAsync(counts.Spawns, cancellationToken)),
            ("workspaces", counts.WorkspacesMeasured, () => WorkspaceCreationScenario.RunAsync(counts.WorkspaceSizes, counts.WorkspaceSamples, cancellationToken, counts.OverlaySamples)),
            ("agents", counts.AgentsMeasured, () => BuiltinAgentsScenario.RunAsync(counts.Agents, 1, TimeSpan.FromSeconds(1), 5, 0, cancellationToken)),
            ("parked", counts.ParkedMeasured, () => ParkedScenario.RunAsync(counts.Parked, counts.Answers, TimeSpan.FromSeconds(counts.ParkedIdleSeconds), counts.ParkedCpuRounds, cancellationToken)),
        ];
        foreach (var (name, measured, scenario) in printing.Where(p => Runs(p.Name)))
        {
            printed[name] = await clock.TimeAsync(name, measured, () => ConsoleCapture.RunAsync(async () =>
            {
                try
                {
                    await scenario();
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
                {
                    // A scenario this machine cannot run (no bubblewrap, no root for overlays) is reported, not fatal.
                    Console.WriteLine($"NOT RUN: {e.GetType().Name}: {e.Message}");
                }
            }));
        }

        var run = new PublishRun(command, started, DateTimeOffset.UtcNow, MachineInfo.Read(), versions, load.Samples, counts,
            peers, floor, reclaim, printed, clock.Sections, clock.Elapsed);
        ReportWriter.Write(run, output);
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"# written: {Path.Combine(output, ReportWriter.FileName)} ({clock.Elapsed.TotalMinutes:0.0} min of the {SectionClock.Budget.TotalMinutes:0}-minute budget: {(clock.WithinBudget ? "met" : "NOT met")})"));
        return true;
    }

    private static HashSet<string> Sections(string[] args, string option)
    {
        var names = (Value(args, option) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        if (names.FirstOrDefault(n => !SectionNames.Contains(n)) is { } unknown)
        {
            throw new ArgumentException($"{option}: '{unknown}' is not a section; the sections are {string.Join(",", SectionNames)}");
        }

        return names;
    }

    private static async Task<Dictionary<string, string>> VersionsAsync(string postgres, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, string>();
        await using (var connection = new NpgsqlConnection(postgres))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SHOW server_version", connection);
            versions["PostgreSQL"] = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var connection = new SqliteConnection("Data Source=:memory:"))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new SqliteCommand("SELECT sqlite_version()", connection);
            versions["SQLite"] = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        foreach (var type in new[] { typeof(Hangfire.BackgroundJobServer), typeof(Hangfire.Storage.SQLite.SQLiteStorage), typeof(Hangfire.PostgreSql.PostgreSqlStorage), typeof(NpgsqlConnection) })
        {
            var assembly = type.Assembly;
            versions[assembly.GetName().Name!] = (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version!.ToString()).Split('+')[0];
        }

        versions["Errand commit"] = Git("rev-parse", "--short", "HEAD");
        return versions;
    }

    private static string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    // The folder holding Errand.slnx, from the working directory up: where docs/ lives.
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Errand.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository, or pass --out DIR");
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
