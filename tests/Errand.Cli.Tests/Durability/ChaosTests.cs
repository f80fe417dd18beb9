using Errand.Chaos.Scenario;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Durability;

/// <summary>
/// The short form of the chaos suite (bench/Errand.Chaos): three worker processes on one SQLite store, a hundred
/// short tasks, a few kill -9 and one SIGSTOP past the lease; every invariant must hold.
/// </summary>
public sealed class ChaosTests
{
    [Fact]
    public async Task ThreeWorkers_KillsAndAPause_NoTaskLostOrDoubledAndNoStaleWrite()
    {
        using var scratch = new TempGitRepo();
        var work = Path.Combine(scratch.Root, "chaos");
        var options = new ChaosOptions
        {
            ErrandDll = Path.Combine(AppContext.BaseDirectory, "errand.dll"),
            WorkDirectory = work,
            Store = ChaosStore.Sqlite(Path.Combine(work, "errand.db")),
            Workers = 3,
            Concurrency = 3,
            Tasks = 100,
            Kills = 3,
            Stops = 1,
            Lease = TimeSpan.FromSeconds(2),
            TaskDuration = TimeSpan.FromMilliseconds(150),
            KillEvery = TimeSpan.FromSeconds(1.5),
            Timeout = TimeSpan.FromSeconds(90),
            Log = line => TestContext.Current.SendDiagnosticMessage(line),
        };

        var report = await ChaosRun.RunAsync(options, TestContext.Current.CancellationToken);

        var text = new StringWriter();
        report.Print(text);
        Assert.True(report.Violations.Count == 0, text.ToString());
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.DoubleCompletions);
        Assert.Equal(0, report.StaleWritesAccepted);
        // Three are asked for; one may not land when restarted workers are slow to come up (the last live one is spared).
        Assert.InRange(report.Kills, 2, 3);
        Assert.Equal(1, report.Stops);
        Assert.True(report.StaleWritesRefused > 0, "the paused worker's writes after SIGCONT were refused\n" + text);
        Assert.True(report.DuplicateExecutions <= report.Reclaims, text.ToString());
    }
}
