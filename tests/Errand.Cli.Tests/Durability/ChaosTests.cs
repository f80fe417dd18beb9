using Errand.Chaos.Postgres;
using Errand.Chaos.Scenario;
using Errand.Tests.Shared;
using Errand.Tests.Shared.Postgres;

namespace Errand.Cli.Tests.Durability;

/// <summary>
/// The short form of the chaos suite (bench/Errand.Chaos): three worker processes on one store, short tasks, a few
/// kill -9 and one SIGSTOP past the lease — and on PostgreSQL the workers' connections terminated and the server
/// restarted mid-run; every invariant must hold.
/// </summary>
public sealed class ChaosTests
{
    [Fact]
    public async Task ThreeWorkers_KillsAndAPause_NoTaskLostOrDoubledAndNoStaleWrite()
    {
        using var scratch = new TempGitRepo();
        var work = Path.Combine(scratch.Root, "chaos");
        var options = Options(work, ChaosStore.Sqlite(Path.Combine(work, "errand.db")), tasks: 100, kills: 3);

        var report = await ChaosRun.RunAsync(options, TestContext.Current.CancellationToken);

        AssertInvariants(report, kills: 3);
    }

    [Fact]
    public async Task ThreeWorkersOnPostgres_KillsAPauseTerminatedConnectionsAndARestart_NoTaskLostOrDoubledAndNoStaleWrite()
    {
        using var scratch = new TempGitRepo();
        // A cluster of this test's own: restarting the shared one would cut every other test's connections.
        await using var cluster = await PrivateCluster.StartAsync();
        var faults = PostgresChaos.Faults(cluster.ConnectionString, _ => cluster.StopAsync(), _ => cluster.StartAgainAsync(), restartAt: 0.75, terminateAt: 0.55);
        // Longer and more tasks than on SQLite: kills and the pause keep clear of the faults, so they need the first half.
        var options = Options(Path.Combine(scratch.Root, "chaos"), PostgresChaos.Store(cluster.ConnectionString), tasks: 300, kills: 2) with
        {
            ServerFaults = faults,
            TaskDuration = TimeSpan.FromMilliseconds(300),
        };

        var report = await ChaosRun.RunAsync(options, TestContext.Current.CancellationToken);

        AssertInvariants(report, kills: 2);
        Assert.Equal(["pg_terminate_backend", "postgres restart"], report.Faults.Select(f => f.Name));
        Assert.Contains("worker connections terminated", report.Faults[0].Note, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 worker connections", report.Faults[0].Note, StringComparison.Ordinal);
    }

    private static ChaosOptions Options(string work, ChaosStore store, int tasks, int kills) => new()
    {
        ErrandDll = Path.Combine(AppContext.BaseDirectory, "errand.dll"),
        WorkDirectory = work,
        Store = store,
        Workers = 3,
        Concurrency = 3,
        Tasks = tasks,
        Kills = kills,
        Stops = 1,
        Lease = TimeSpan.FromSeconds(2),
        TaskDuration = TimeSpan.FromMilliseconds(150),
        KillEvery = TimeSpan.FromSeconds(1.5),
        Timeout = TimeSpan.FromSeconds(150),
        Log = line => TestContext.Current.SendDiagnosticMessage(line),
    };

    private static void AssertInvariants(ChaosReport report, int kills)
    {
        var text = new StringWriter();
        report.Print(text);
        Assert.True(report.Violations.Count == 0, text.ToString());
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.DoubleCompletions);
        Assert.Equal(0, report.StaleWritesAccepted);
        // Some are asked for; one may not land when restarted workers are slow to come up (the last live one is spared).
        Assert.InRange(report.Kills, kills - 1, kills);
        Assert.Equal(1, report.Stops);
        Assert.True(report.StaleWritesRefused > 0, "the paused worker's writes after SIGCONT were refused\n" + text);
        Assert.True(report.DuplicateExecutions <= report.Reclaims, text.ToString());
    }
}
