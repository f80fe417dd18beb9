using Errand.Engine.Scheduling;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Scheduling;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Errand.Engine.Tests.Scheduling;

public sealed class SchedulerTests
{
    [Fact]
    public async Task PassAsync_NothingDue_SleepsUntilTheNextTick()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(ScheduleSimulation.Utc("2026-01-05T10:00:30Z"));
        await sim.AddAsync(ScheduleSimulation.Definition("hourly", "0 * * * *", "UTC"));

        Assert.Equal(TimeSpan.FromMinutes(59.5), await sim.Schedulers[0].PassAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PassAsync_NoSchedules_SleepsTheRecheckInterval()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(ScheduleSimulation.Utc("2026-01-05T10:00:30Z"));

        Assert.Equal(TimeSpan.FromDays(1), await sim.Schedulers[0].PassAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PassAsync_Fired_TaskCarriesTheScheduleOriginAndAJournalEvent()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(ScheduleSimulation.Utc("2026-01-05T10:00:30Z"));
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("origin", "* * * * *", "UTC"));

        await sim.RunUntilAsync(ScheduleSimulation.Utc("2026-01-05T10:01:10Z"));

        var task = Assert.Single(await sim.TasksAsync());
        var spec = TaskSpecJson.Deserialize(task.SpecJson);
        Assert.Equal(new ScheduleOrigin("origin", schedule.Id, ScheduleSimulation.Utc("2026-01-05T10:01:00Z"), false), spec.Schedule);
        Assert.Equal("routine origin", task.Title);
        var fired = Assert.Single(await sim.Store.ReadAsync(task.Id, 0, 100, CancellationToken.None), e => e.Kind == JournalKinds.ScheduleFired);
        Assert.Contains("schedule origin", fired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PassAsync_PausedSchedule_NothingFiresAndResumeDoesNotCatchUp()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(ScheduleSimulation.Utc("2026-01-05T10:00:30Z"));
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("paused", "* * * * *", "UTC"));
        await sim.Store.SetPausedAsync("paused", true, CancellationToken.None);

        await sim.RunUntilAsync(ScheduleSimulation.Utc("2026-01-05T10:05:30Z"));
        Assert.Empty(await sim.HistoryAsync(schedule));
        await sim.Store.SetPausedAsync("paused", false, CancellationToken.None);
        await sim.RunUntilAsync(ScheduleSimulation.Utc("2026-01-05T10:06:30Z"));

        Assert.Equal([ScheduleSimulation.Utc("2026-01-05T10:06:00Z")], (await sim.HistoryAsync(schedule)).Select(t => t.TickAt));
    }

    [Fact]
    public async Task ThreeSchedulersOnOneStore_ThirtyTicks_EachTickFiresExactlyOnce()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(ScheduleSimulation.Utc("2026-01-05T10:00:30Z"), schedulers: 3);
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("shared", "* * * * *", "UTC"));

        await sim.RunUntilAsync(ScheduleSimulation.Utc("2026-01-05T10:30:30Z"));

        var history = await sim.HistoryAsync(schedule);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => ScheduleSimulation.Utc("2026-01-05T10:00:00Z").AddMinutes(i)), history.Select(t => t.TickAt));
        Assert.All(history, t => Assert.Equal(TickOutcome.Fired, t.Outcome));
        var tasks = await sim.TasksAsync();
        Assert.Equal(30, tasks.Count);
        Assert.Equal(30, tasks.Select(t => TaskSpecJson.Deserialize(t.SpecJson).Schedule!.Tick).Distinct().Count());
    }

    [Fact]
    public async Task Start_OnAFakeClock_FiresWhenTheClockReachesTheTick()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(ScheduleSimulation.Utc("2026-01-05T10:00:30Z"));
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("loop", "* * * * *", "UTC"));
        await using var scheduler = new Scheduler(sim.Store, new SchedulerOptions(), sim.Clock, NullLogger.Instance);

        scheduler.Start();
        sim.Clock.Advance(TimeSpan.FromSeconds(30));

        var tick = await WaitForTickAsync(sim, schedule);
        Assert.Equal(ScheduleSimulation.Utc("2026-01-05T10:01:00Z"), tick.TickAt);
        Assert.Equal(TickOutcome.Fired, tick.Outcome);
    }

    [Fact]
    public async Task Worker_EverySecondWithSkipAndATaskRunningLongerThanATick_RunsNeverOverlap()
    {
        await using var h = await EngineHarness.CreateAsync();
        var spec = EngineHarness.CommandSpec("sleep 2.5") with { Repo = h.Repo.RepoPath, Title = "slow routine" };
        var schedule = (await h.Store.AddScheduleAsync(
            new NewSchedule("slow", "* * * * * *", "UTC", spec.Title, TaskSpecJson.Serialize(spec)) { Overlap = OverlapPolicy.Skip }, CancellationToken.None))!;
        h.StartWorker();

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ticks = await WaitForAsync(h.Store, schedule, t => t.Count(x => x.TaskState?.IsTerminal() == true) >= 2, patience.Token);
        await h.StopWorkersAsync();

        Assert.Contains(ticks, t => t.Outcome == TickOutcome.Skipped);
        var runs = new List<TaskRecord>();
        foreach (var id in ticks.Where(t => t.TaskId is not null).Select(t => t.TaskId!.Value))
        {
            runs.Add((await h.Store.GetAsync(id, CancellationToken.None))!);
        }

        var ended = runs.Where(r => r.FinishedAt is not null).OrderBy(r => r.StartedAt).ToList();
        Assert.True(ended.Count >= 2);
        Assert.All(ended, r => Assert.Equal(TaskState.Succeeded, r.State));
        for (var i = 1; i < ended.Count; i++)
        {
            Assert.True(ended[i].CreatedAt >= ended[i - 1].FinishedAt, $"run #{ended[i].Id} was queued before #{ended[i - 1].Id} ended");
        }
    }

    private static async Task<TickRecord> WaitForTickAsync(ScheduleSimulation sim, ScheduleRecord schedule)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return (await WaitForAsync(sim.Store, schedule, t => t.Count > 0, patience.Token))[0];
    }

    // The scheduler writes from its own loop: look until its tick shows (this store raises no event for ticks).
    private static async Task<IReadOnlyList<TickRecord>> WaitForAsync(
        IErrandStore store, ScheduleRecord schedule, Func<IReadOnlyList<TickRecord>, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var ticks = await store.ListTicksAsync(schedule.Id, 1000, CancellationToken.None);
            if (done(ticks))
            {
                return ticks;
            }

            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"schedule {schedule.Name}: {ticks.Count} ticks so far, not the ones expected");
            }
        }
    }
}
