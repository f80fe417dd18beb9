using Errand.Journal;
using Errand.Scheduling;
using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>
/// The contract of <see cref="IScheduleStore"/>: a tick is decided once however many schedulers race for it, its task is
/// enqueued in the same transaction, and the overlap policy and concurrency limit are applied there.
/// </summary>
public abstract class ScheduleStoreCompliance : StoreCompliance
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task AddSchedule_New_StoredWithTheCursorAtNow()
    {
        var store = await CreateStoreAsync();

        var added = await store.AddScheduleAsync(Definition("nightly") with { MaxParallel = 2, Jitter = TimeSpan.FromSeconds(30), SpecSource = "---\ntitle: x\n---\n" }, Ct);

        Assert.NotNull(added);
        Assert.Equal(Time.GetUtcNow(), added.Cursor);
        Assert.Equal(2, added.MaxParallel);
        Assert.Equal(TimeSpan.FromSeconds(30), added.Jitter);
        Assert.Equal("---\ntitle: x\n---\n", added.SpecSource);
        Assert.Equal(added, await store.GetScheduleAsync("nightly", Ct));
        Assert.Equal(added, Assert.Single(await store.ListSchedulesAsync(Ct)));
    }

    [Fact]
    public async Task AddSchedule_NameTaken_ReturnsNullAndKeepsTheFirst()
    {
        var store = await CreateStoreAsync();
        await store.AddScheduleAsync(Definition("deps"), Ct);

        Assert.Null(await store.AddScheduleAsync(Definition("deps") with { Cron = "0 6 * * *" }, Ct));

        Assert.Equal("* * * * *", (await store.GetScheduleAsync("deps", Ct))!.Cron);
    }

    [Fact]
    public async Task AddSchedule_BadNameOrLimits_RefusedAndNothingStored()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddScheduleAsync(Definition("no spaces"), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddScheduleAsync(Definition("zero") with { MaxParallel = 0 }, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddScheduleAsync(Definition("never") with { MaxAttempts = 0 }, Ct));

        Assert.Empty(await store.ListSchedulesAsync(Ct));
    }

    [Fact]
    public async Task DecideTick_Due_FiresTaskWithTickRowAndJournalInOneGo()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps"), Ct))!;
        var tick = schedule.Cursor + Minute;
        Time.Advance(Minute);

        var result = await store.DecideTickAsync(Request(schedule, tick) with { Missed = 3 }, Ct);

        Assert.Equal(TickStatus.Decided, result.Status);
        Assert.Equal(TickOutcome.Fired, result.Tick!.Outcome);
        Assert.Equal(3, result.Tick.Missed);
        Assert.Equal(result.Task!.Id, result.Tick.TaskId);
        Assert.Equal(TaskState.Queued, result.Tick.TaskState);
        Assert.Equal(tick, (await store.GetScheduleAsync("deps", Ct))!.Cursor);
        Assert.Equal([JournalKinds.Submitted, JournalKinds.ScheduleFired], await KindsAsync(store, result.Task.Id));
        Assert.Equal(result.Tick, Assert.Single(await store.ListTicksAsync(schedule.Id, 10, Ct)));
    }

    [Fact]
    public async Task DecideTick_SameTickAgainOrAnOlderOne_AlreadyDecidedAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps"), Ct))!;
        var tick = schedule.Cursor + Minute;
        await store.DecideTickAsync(Request(schedule, tick + Minute), Ct);

        Assert.Equal(TickStatus.AlreadyDecided, (await store.DecideTickAsync(Request(schedule, tick + Minute), Ct)).Status);
        Assert.Equal(TickStatus.AlreadyDecided, (await store.DecideTickAsync(Request(schedule, tick), Ct)).Status);

        Assert.Single(await store.ListTicksAsync(schedule.Id, 10, Ct));
        Assert.Single(await store.ListAsync(new TaskQuery(), Ct));
    }

    [Fact]
    public async Task DecideTick_PlannedFromACursorAnotherSchedulerMoved_AlreadyDecided()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps"), Ct))!;
        var stale = schedule.Cursor;
        await store.DecideTickAsync(Request(schedule, stale + Minute) with { PlannedFrom = stale }, Ct);

        // Planned from the old cursor, the third tick would count the first as missed although it fired.
        var late = await store.DecideTickAsync(Request(schedule, stale + (3 * Minute)) with { PlannedFrom = stale, Missed = 2 }, Ct);
        var fresh = await store.DecideTickAsync(Request(schedule, stale + (3 * Minute)) with { PlannedFrom = stale + Minute, Missed = 1 }, Ct);

        Assert.Equal(TickStatus.AlreadyDecided, late.Status);
        Assert.Equal(TickStatus.Decided, fresh.Status);
        Assert.Equal(1, fresh.Tick!.Missed);
    }

    [Fact]
    public async Task DecideTick_ThreeStoresRacingOverFiftyTicks_EachTickFiresExactlyOnce()
    {
        var stores = new[] { await CreateStoreAsync(), await OpenAnotherAsync(), await OpenAnotherAsync() };
        var schedule = (await stores[0].AddScheduleAsync(Definition("race"), Ct))!;
        var ticks = Enumerable.Range(1, 50).Select(i => schedule.Cursor + (i * Minute)).ToList();

        var results = await Task.WhenAll(ticks.SelectMany(tick => stores.Select(store =>
            Task.Run(() => store.DecideTickAsync(Request(schedule, tick), Ct), Ct))));

        var decided = results.Where(r => r.Status == TickStatus.Decided).Select(r => r.Tick!).ToList();
        Assert.Equal(decided.Count, decided.Select(t => t.TickAt).Distinct().Count());
        Assert.All(decided, t => Assert.Equal(TickOutcome.Fired, t.Outcome));
        Assert.Equal(decided.Count, (await stores[0].ListAsync(new TaskQuery { Limit = 1000 }, Ct)).Count);
        Assert.Contains(decided, t => t.TickAt == ticks[^1]);
    }

    [Fact]
    public async Task DecideTick_Paused_RefusedUntilResumedAndPausedTicksNotCaughtUp()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps"), Ct))!;
        Assert.True((await store.SetPausedAsync("deps", true, Ct))!.Paused);
        Time.Advance(10 * Minute);

        Assert.Equal(TickStatus.Paused, (await store.DecideTickAsync(Request(schedule, schedule.Cursor + Minute), Ct)).Status);
        var resumed = await store.SetPausedAsync("deps", false, Ct);

        Assert.False(resumed!.Paused);
        Assert.Equal(Time.GetUtcNow(), resumed.Cursor);
        Assert.Equal(TickStatus.AlreadyDecided, (await store.DecideTickAsync(Request(schedule, schedule.Cursor + (5 * Minute)), Ct)).Status);
        Assert.Null(await store.SetPausedAsync("nope", true, Ct));
    }

    [Fact]
    public async Task DecideTick_Manual_FiresWhilePausedWithoutMovingTheCursor()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps"), Ct))!;
        await store.SetPausedAsync("deps", true, Ct);

        var first = await store.DecideTickAsync(Request(schedule, Time.GetUtcNow()) with { Manual = true }, Ct);
        var second = await store.DecideTickAsync(Request(schedule, Time.GetUtcNow()) with { Manual = true }, Ct);

        Assert.Equal(TickOutcome.Fired, first.Tick!.Outcome);
        Assert.True(first.Tick.Manual);
        Assert.NotEqual(first.Task!.Id, second.Task!.Id);
        Assert.Equal(schedule.Cursor, (await store.GetScheduleAsync("deps", Ct))!.Cursor);
    }

    [Fact]
    public async Task DecideTick_Late_RecordedMissedWithNoTask()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps"), Ct))!;

        var result = await store.DecideTickAsync(Request(schedule, schedule.Cursor + Minute) with { Late = true, Missed = 2 }, Ct);

        Assert.Equal(TickOutcome.Missed, result.Tick!.Outcome);
        Assert.Null(result.Task);
        Assert.Null(result.Tick.TaskId);
        Assert.Contains("catch-up window", result.Tick.Reason, StringComparison.Ordinal);
        Assert.Empty(await store.ListAsync(new TaskQuery(), Ct));
    }

    [Fact]
    public async Task DecideTick_SkipWhileRunUnfinished_SkippedThenFiresOnceItEnds()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps", OverlapPolicy.Skip), Ct))!;
        var first = await store.DecideTickAsync(Request(schedule, schedule.Cursor + Minute), Ct);
        var claim = await ClaimAsync(store, first.Task!.Id);

        var second = await store.DecideTickAsync(Request(schedule, schedule.Cursor + (2 * Minute)), Ct);
        await FinishAsync(store, claim);
        var third = await store.DecideTickAsync(Request(schedule, schedule.Cursor + (3 * Minute)), Ct);

        Assert.Equal(TickOutcome.Skipped, second.Tick!.Outcome);
        Assert.Contains($"#{first.Task.Id}", second.Tick.Reason, StringComparison.Ordinal);
        Assert.Null(second.Task);
        Assert.Equal(TickOutcome.Fired, third.Tick!.Outcome);
    }

    [Fact]
    public async Task DecideTick_BufferOne_OneWaitsTheRestSkipAndTheWaitingOneFiresWhenTheRunEnds()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps", OverlapPolicy.BufferOne), Ct))!;
        var first = await store.DecideTickAsync(Request(schedule, schedule.Cursor + Minute), Ct);
        var claim = await ClaimAsync(store, first.Task!.Id);

        var second = await store.DecideTickAsync(Request(schedule, schedule.Cursor + (2 * Minute)), Ct);
        var third = await store.DecideTickAsync(Request(schedule, schedule.Cursor + (3 * Minute)), Ct);
        Assert.Empty(await store.ReleasePendingAsync(schedule.Id, Ct));
        Assert.Equal(1, (await store.GetScheduleAsync("deps", Ct))!.PendingTicks);
        await FinishAsync(store, claim);
        var released = await store.ReleasePendingAsync(schedule.Id, Ct);

        Assert.Equal(TickOutcome.Pending, second.Tick!.Outcome);
        Assert.Equal(TickOutcome.Skipped, third.Tick!.Outcome);
        var fired = Assert.Single(released);
        Assert.Equal(second.Tick.Id, fired.Id);
        Assert.Equal(TickOutcome.Fired, fired.Outcome);
        Assert.Equal(TaskState.Queued, fired.TaskState);
        Assert.Equal(second.Tick.TickAt, fired.TickAt);
        Assert.Equal(0, (await store.GetScheduleAsync("deps", Ct))!.PendingTicks);
        Assert.Empty(await store.ReleasePendingAsync(schedule.Id, Ct));
    }

    [Fact]
    public async Task DecideTick_CancelOther_FiresAndNamesTheUnfinishedRunsToCancel()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps", OverlapPolicy.CancelOther), Ct))!;
        var first = await store.DecideTickAsync(Request(schedule, schedule.Cursor + Minute), Ct);

        var second = await store.DecideTickAsync(Request(schedule, schedule.Cursor + (2 * Minute)), Ct);

        Assert.Equal(TickOutcome.Fired, second.Tick!.Outcome);
        Assert.Equal([first.Task!.Id], second.Superseded);
    }

    [Fact]
    public async Task DecideTick_AllowAllWithMaxParallel_QueuesBeyondTheLimitAndNeverDrops()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps", OverlapPolicy.AllowAll) with { MaxParallel = 2 }, Ct))!;
        var results = new List<TickResult>();
        for (var i = 1; i <= 5; i++)
        {
            results.Add(await store.DecideTickAsync(Request(schedule, schedule.Cursor + (i * Minute)), Ct));
        }

        Assert.Equal(
            [TickOutcome.Fired, TickOutcome.Fired, TickOutcome.Pending, TickOutcome.Pending, TickOutcome.Pending],
            results.Select(r => r.Tick!.Outcome));
        var claim = await ClaimAsync(store, results[0].Task!.Id);
        await FinishAsync(store, claim);
        var released = await store.ReleasePendingAsync(schedule.Id, Ct);

        Assert.Equal([results[2].Tick!.Id], released.Select(t => t.Id));
        Assert.Equal(3, (await store.ListAsync(new TaskQuery(), Ct)).Count);
        Assert.Equal(2, (await store.GetScheduleAsync("deps", Ct))!.PendingTicks);
    }

    [Fact]
    public async Task RemoveSchedule_Existing_GoneWithItsHistoryAndItsTasksStay()
    {
        var store = await CreateStoreAsync();
        var schedule = (await store.AddScheduleAsync(Definition("deps"), Ct))!;
        var fired = await store.DecideTickAsync(Request(schedule, schedule.Cursor + Minute), Ct);

        Assert.True(await store.RemoveScheduleAsync("deps", Ct));

        Assert.False(await store.RemoveScheduleAsync("deps", Ct));
        Assert.Null(await store.GetScheduleAsync("deps", Ct));
        Assert.Empty(await store.ListTicksAsync(schedule.Id, 10, Ct));
        Assert.NotNull(await store.GetAsync(fired.Task!.Id, Ct));
        Assert.Equal(TickStatus.NotFound, (await store.DecideTickAsync(Request(schedule, schedule.Cursor + (2 * Minute)), Ct)).Status);
        Assert.NotNull(await store.AddScheduleAsync(Definition("deps"), Ct));
    }

    private static NewSchedule Definition(string name, OverlapPolicy overlap = OverlapPolicy.AllowAll) =>
        new(name, "* * * * *", "UTC", "a routine", """{"title":"a routine"}""") { Overlap = overlap };

    private static TickRequest Request(ScheduleRecord schedule, DateTimeOffset tick) =>
        new(schedule.Id, tick, Submission("a routine"));

    private static async Task FinishAsync(IErrandStore store, TaskClaim claim) =>
        Assert.True((await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Succeeded) { Lease = claim.Lease }, Ct)).Applied);
}
