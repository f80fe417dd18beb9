using Errand.Engine.Tests.Support;
using Errand.Scheduling;
using Errand.Tasks;

namespace Errand.Engine.Tests.Scheduling;

/// <summary>Each overlap policy with a long-running task: an every-minute schedule whose first run is still running three ticks later.</summary>
public sealed class SchedulerOverlapTests
{
    private static readonly DateTimeOffset Start = ScheduleSimulation.Utc("2026-01-05T10:00:30Z");

    [Fact]
    public async Task Skip_RunStillRunning_TicksSkippedUntilItEnds()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(Start);
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("skip", "* * * * *", "UTC", OverlapPolicy.Skip));
        var first = await FirstRunStartedAsync(sim);

        await sim.RunUntilAsync(At("10:03:30"));
        await sim.FinishAsync(first);
        await sim.RunUntilAsync(At("10:04:30"));

        var history = await sim.HistoryAsync(schedule);
        Assert.Equal([TickOutcome.Fired, TickOutcome.Skipped, TickOutcome.Skipped, TickOutcome.Fired], history.Select(t => t.Outcome));
        Assert.All(history.Where(t => t.Outcome == TickOutcome.Skipped), t => Assert.Contains($"#{first.Task.Id}", t.Reason, StringComparison.Ordinal));
        Assert.Equal(2, (await sim.TasksAsync()).Count);
    }

    [Fact]
    public async Task BufferOne_RunStillRunning_OneTickWaitsAndFiresWhenTheRunEnds()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(Start);
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("buffer", "* * * * *", "UTC", OverlapPolicy.BufferOne));
        var first = await FirstRunStartedAsync(sim);

        await sim.RunUntilAsync(At("10:03:30"));
        Assert.Single(await sim.TasksAsync());
        await sim.FinishAsync(first);
        await sim.RunUntilAsync(At("10:03:40"));

        var history = await sim.HistoryAsync(schedule);
        Assert.Equal([TickOutcome.Fired, TickOutcome.Fired, TickOutcome.Skipped], history.Select(t => t.Outcome));
        var waited = history[1];
        Assert.Equal(At("10:02:00"), waited.TickAt);
        Assert.Equal(At("10:02:00"), waited.DecidedAt);
        Assert.True(waited.FiredAt >= At("10:03:30"), $"the waiting tick fired at {waited.FiredAt}, before the run ended at 10:03:30");
        Assert.Equal(TaskState.Queued, waited.TaskState);
        Assert.Equal(2, (await sim.TasksAsync()).Count);
    }

    [Fact]
    public async Task CancelOther_RunStillRunning_ItIsCancelledAndTheNewRunQueued()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(Start);
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("cancel", "* * * * *", "UTC", OverlapPolicy.CancelOther));
        var first = await FirstRunStartedAsync(sim);

        await sim.RunUntilAsync(At("10:02:30"));

        var history = await sim.HistoryAsync(schedule);
        Assert.Equal([TickOutcome.Fired, TickOutcome.Fired], history.Select(t => t.Outcome));
        var old = (await sim.Store.GetAsync(first.Task.Id, CancellationToken.None))!;
        Assert.Equal(TaskState.Running, old.State);
        Assert.True(old.CancelRequested, "the running run's worker is asked to stop at its next heartbeat");
        Assert.Equal(TaskState.Queued, history[1].TaskState);
    }

    [Fact]
    public async Task CancelOther_RunStillQueued_CancelledAtOnce()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(Start);
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("cancel", "* * * * *", "UTC", OverlapPolicy.CancelOther));

        await sim.RunUntilAsync(At("10:02:30"));

        var history = await sim.HistoryAsync(schedule);
        Assert.Equal([TaskState.Cancelled, TaskState.Queued], history.Select(t => t.TaskState!.Value));
    }

    [Fact]
    public async Task AllowAll_RunStillRunning_EveryTickFires()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(Start);
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("all", "* * * * *", "UTC", OverlapPolicy.AllowAll));
        await FirstRunStartedAsync(sim);

        await sim.RunUntilAsync(At("10:03:30"));

        Assert.All(await sim.HistoryAsync(schedule), t => Assert.Equal(TickOutcome.Fired, t.Outcome));
        Assert.Equal(3, (await sim.TasksAsync()).Count);
    }

    [Fact]
    public async Task AllowAllWithMaxParallel_RunStillRunning_TicksBeyondTheLimitWaitTheirTurn()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(Start);
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("two", "* * * * *", "UTC", OverlapPolicy.AllowAll) with { MaxParallel = 2 });
        var first = await FirstRunStartedAsync(sim);

        await sim.RunUntilAsync(At("10:04:30"));
        var before = await sim.HistoryAsync(schedule);
        await sim.FinishAsync(first);
        await sim.RunUntilAsync(At("10:04:40"));
        var after = await sim.HistoryAsync(schedule);

        Assert.Equal([TickOutcome.Fired, TickOutcome.Fired, TickOutcome.Pending, TickOutcome.Pending], before.Select(t => t.Outcome));
        Assert.Equal([TickOutcome.Fired, TickOutcome.Fired, TickOutcome.Fired, TickOutcome.Pending], after.Select(t => t.Outcome));
        Assert.Equal(2, (await sim.TasksAsync()).Count(t => !t.State.IsTerminal()));
    }

    // The 10:01 tick fires; a worker claims its task and keeps it running.
    private static async Task<Storage.TaskClaim> FirstRunStartedAsync(ScheduleSimulation sim)
    {
        await sim.RunUntilAsync(At("10:01:30"));
        return await sim.StartLongRunAsync(Assert.Single(await sim.TasksAsync()).Id);
    }

    private static DateTimeOffset At(string time) => ScheduleSimulation.Utc("2026-01-05T" + time + "Z");
}
