using Errand.Journal;
using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="ITimerStore"/>: parked tasks wake once, on any node.</summary>
public abstract class TimerStoreCompliance : StoreCompliance
{
    [Fact]
    public async Task NextWake_NothingParked_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await RunningTaskAsync(store);

        Assert.Null(await store.NextWakeAsync(Ct));
    }

    [Fact]
    public async Task NextWake_ParkedTasks_ReturnsTheEarliest()
    {
        var store = await CreateStoreAsync();
        var now = Time.GetUtcNow();
        await ParkAsync(store, await RunningTaskAsync(store), now.AddMinutes(10), TaskState.WaitingForHuman);
        await ParkAsync(store, await RunningTaskAsync(store), now.AddMinutes(3), TaskState.RetryBackoff);

        Assert.Equal(now.AddMinutes(3), await store.NextWakeAsync(Ct));
    }

    [Fact]
    public async Task WakeDue_DueTasks_QueuedOnceWithATimerStateEvent()
    {
        var store = await CreateStoreAsync();
        var now = Time.GetUtcNow();
        var soon = await RunningTaskAsync(store);
        await ParkAsync(store, soon, now.AddMinutes(1));
        var later = await RunningTaskAsync(store);
        await ParkAsync(store, later, now.AddMinutes(2), TaskState.WaitingForHuman);
        var scheduled = await store.EnqueueAsync(Submission(), Ct);
        Assert.True((await store.TransitionAsync(
            new TaskTransition(scheduled.Id, [TaskState.Queued], TaskState.Scheduled) { WakeAt = now.AddSeconds(30) }, Ct)).Applied);
        Assert.Empty(await store.WakeDueAsync(Ct));
        Time.Advance(TimeSpan.FromMinutes(1));

        var woken = await store.WakeDueAsync(Ct);

        Assert.Equal(new[] { soon.Task.Id, scheduled.Id }.Order(), woken.Order());
        var task = (await store.GetAsync(soon.Task.Id, Ct))!;
        Assert.Equal(TaskState.Queued, task.State);
        Assert.Null(task.WakeAt);
        var wake = (await JournalAsync(store, soon.Task.Id))[^1];
        Assert.Equal(JournalKinds.State, wake.Kind);
        Assert.Contains("timer", wake.Message, StringComparison.Ordinal);
        Assert.Empty(await store.WakeDueAsync(Ct));
        Assert.Equal(now.AddMinutes(2), await store.NextWakeAsync(Ct));
        Assert.Equal(TaskState.WaitingForHuman, (await store.GetAsync(later.Task.Id, Ct))!.State);
    }

    [Fact]
    public async Task WakeDue_TwoStoresRacing_EachTaskWakesOnce()
    {
        var first = await CreateStoreAsync();
        var second = await OpenAnotherAsync();
        var parked = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            var claim = await RunningTaskAsync(first);
            await ParkAsync(first, claim, Time.GetUtcNow().AddSeconds(i % 5));
            parked.Add(claim.Task.Id);
        }

        Time.Advance(TimeSpan.FromSeconds(10));

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).WakeDueAsync(Ct), Ct)));
        var woken = results.SelectMany(r => r).ToList();

        Assert.Equal(parked.Order(), woken.Order());
        foreach (var id in parked)
        {
            Assert.Single(await JournalAsync(first, id), e => e.Kind == JournalKinds.State && e.Message.Contains("timer", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task WakeDue_TerminalTaskWithWakeTime_NotWoken()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Assert.True((await store.TransitionAsync(new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Failed)
        {
            Lease = claim.Lease,
            WakeAt = Time.GetUtcNow(),
        }, Ct)).Applied);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(await store.WakeDueAsync(Ct));
        Assert.Null(await store.NextWakeAsync(Ct));
    }
}
