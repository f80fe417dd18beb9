using Errand.Cli.Tests.Support;
using Errand.Scheduling;
using Errand.Specs;
using Errand.Storage;
using Errand.Storage.Sqlite;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Scheduling;

/// <summary>Three real <c>errand worker</c> processes, each running a scheduler, on one data directory.</summary>
public sealed class ThreeSchedulerProcessesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ThreeWorkers_EverySecondSchedule_EachTickDecidedExactlyOnce()
    {
        using var repo = new TempGitRepo();
        repo.WriteFile("README.md", "x\n");
        repo.Commit("initial");
        var spec = repo.WriteSpec("tick.md", "title: Tick\nagent: command\ncommand: true\nverify: [true]\nbudget: { time: 1m }\nsandbox: { backend: none }");
        var (added, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout,
            "schedule", "add", "tick", "--cron", "* * * * * *", "--tz", "UTC", "--spec", spec, "--overlap", "allow_all");
        Assert.True(added == 0, output);

        var workers = new List<ErrandProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                workers.Add(ErrandProcess.Start(repo.DataDir, repo.Root, "worker", "--concurrency", "2", "--id", $"w{i}"));
            }

            // Its SIGTERM handler is in place once it says so: a signal before that would kill it outright (exit 143).
            for (var i = 0; i < workers.Count; i++)
            {
                var id = $"worker w{i} started";
                await workers[i].WaitForLineAsync(l => l.StartsWith(id, StringComparison.Ordinal), Timeout);
            }

            await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = Path.Combine(repo.DataDir, "errand.db") });
            var schedule = (await store.GetScheduleAsync("tick", CancellationToken.None))!;
            var before = (await store.ListTicksAsync(schedule.Id, 10_000, CancellationToken.None)).Count;
            await WaitForTicksAsync(store, schedule, before + 8);

            foreach (var worker in workers)
            {
                worker.Signal(Native.SigTerm);
            }

            foreach (var worker in workers)
            {
                var code = await worker.WaitForExitAsync(Timeout);
                Assert.True(code == 0, $"worker exited {code}:\n{worker.Output}");
            }

            var ticks = (await store.ListTicksAsync(schedule.Id, 10_000, CancellationToken.None)).OrderBy(t => t.TickAt).ToList();
            Assert.Equal(ticks.Count, ticks.Select(t => t.TickAt).Distinct().Count());
            Assert.All(ticks, t => Assert.Equal(TickOutcome.Fired, t.Outcome));
            // Every second from the first tick to the last is accounted for once: as a row, or counted as missed on the
            // row after it (a pass that came late under load fires only the latest due tick).
            var seconds = (int)(ticks[^1].TickAt - ticks[0].TickAt).TotalSeconds + 1;
            Assert.Equal(seconds, ticks.Sum(t => 1 + t.Missed) - ticks[0].Missed);
            var tasks = await store.ListAsync(new TaskQuery { Limit = 10_000 }, CancellationToken.None);
            Assert.Equal(ticks.Count, tasks.Count);
            Assert.Equal(
                ticks.Select(t => t.TickAt).Order(),
                tasks.Select(t => TaskSpecJson.Deserialize(t.SpecJson).Schedule!.Tick).Order());
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    // The schedulers are other processes: look until enough ticks are decided.
    private static async Task WaitForTicksAsync(SqliteStore store, ScheduleRecord schedule, int count)
    {
        using var patience = new CancellationTokenSource(Timeout);
        while ((await store.ListTicksAsync(schedule.Id, 10_000, CancellationToken.None)).Count < count)
        {
            try
            {
                await Task.Delay(100, patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"fewer than {count} ticks within {Timeout}");
            }
        }
    }
}
