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
/// <c>--publish [--quick] [--pg CONN] [--out DIR] [--skip peers,floor,reclaim,spawn,workspaces,agents,parked]</c>:
/// the whole suite in one run, Errand beside Hangfire and beside the durable-commit floor, written to
/// <c>docs/benchmarks/RESULTS.md</c> with PNG plots. PostgreSQL is a private durable cluster started here with
/// pg_stat_statements loaded (or <c>--pg</c>, an existing server).
/// </summary>
internal static class PublishCommand
{
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (!args.Contains("--publish"))
        {
            return false;
        }

        var cancellationToken = CancellationToken.None;
        var counts = args.Contains("--quick") ? PublishCounts.Quick : PublishCounts.Full;
        var skip = (Value(args, "--skip") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var output = Value(args, "--out") ?? Path.Combine(RepositoryRoot(), "docs", "benchmarks");
        var command = string.Join(' ', new[] { "./bench.sh" }.Concat(args.Where(a => a != "--publish")));
        var started = DateTimeOffset.UtcNow;
        await using var load = new LoadSampler(TimeSpan.FromSeconds(5));
        var server = Value(args, "--pg");
        await using var cluster = server is null
            ? await PrivateCluster.StartAsync(durable: true, options: "-c shared_preload_libraries=pg_stat_statements")
            : null;
        var postgres = server ?? cluster!.ConnectionString;
        var versions = await VersionsAsync(postgres, cancellationToken);
        Console.WriteLine($"# publish: {command}; output {output}; {string.Join(", ", versions.Select(v => $"{v.Key} {v.Value}"))}");

        IReadOnlyList<PeerResult> peers = [];
        IReadOnlyList<FloorResult> floor = [];
        IReadOnlyList<ReclaimSample> reclaim = [];
        var printed = new Dictionary<string, string>();
        if (!skip.Contains("peers"))
        {
            peers = await PeerComparison.RunAsync(postgres, counts.Burst, counts.IdleSamples, counts == PublishCounts.Quick, cancellationToken);
        }

        if (!skip.Contains("floor"))
        {
            floor = await CommitFloor.RunAsync(postgres, counts.FloorWriters, counts.FloorDuration, cancellationToken);
        }

        if (!skip.Contains("reclaim"))
        {
            reclaim = await ReclaimScenario.RunAsync(postgres, counts.Leases, counts.ReclaimSamples, cancellationToken);
        }

        (string Name, Func<Task> Run)[] printing =
        [
            ("spawn", () => SandboxSpawnReport.PrintAsync(counts.Spawns, cancellationToken)),
            ("workspaces", () => WorkspaceCreationScenario.RunAsync(counts.WorkspaceSizes, counts.WorkspaceSamples, cancellationToken)),
            ("agents", () => BuiltinAgentsScenario.RunAsync(counts.Agents, 1, TimeSpan.FromSeconds(1), cancellationToken)),
            ("parked", () => ParkedScenario.RunAsync(counts.Parked, counts.Answers, TimeSpan.FromSeconds(counts.ParkedIdleSeconds), counts.ParkedCpuRounds, cancellationToken)),
        ];
        foreach (var (name, scenario) in printing.Where(p => !skip.Contains(p.Name)))
        {
            printed[name] = await ConsoleCapture.RunAsync(async () =>
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
            });
        }

        var run = new PublishRun(command, started, DateTimeOffset.UtcNow, MachineInfo.Read(), versions, load.Samples, counts,
            peers, floor, reclaim, printed);
        ReportWriter.Write(run, output);
        Console.WriteLine($"# written: {Path.Combine(output, ReportWriter.FileName)} ({(run.Finished - run.Started).TotalMinutes:0.0} min)");
        return true;
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
