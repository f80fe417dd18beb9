using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="ITaskStore.WaitForWorkAsync"/>: prompt in-process wake-ups that are never lost.</summary>
public abstract class WaitForWorkCompliance : StoreCompliance
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromHours(1);

    [Fact]
    public async Task WaitForWork_EnqueueWhileWaiting_WakesBeforeThePoll()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct));
        var waiting = store.WaitForWorkAsync(LongPoll, Ct);
        Assert.False(waiting.IsCompleted);

        await store.EnqueueAsync(Submission(), Ct);

        await waiting.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task WaitForWork_EnqueueBetweenEmptyClaimAndWait_IsNotLost()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct));
        await store.EnqueueAsync(Submission(), Ct);

        await store.WaitForWorkAsync(LongPoll, Ct).WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task WaitForWork_NothingNewSinceEmptyClaim_WaitsForMaxWait()
    {
        var store = await CreateStoreAsync();
        await EnqueueAsync(store, 2);
        Assert.Equal(2, (await store.ClaimAsync(new ClaimRequest("w1", 5, LeaseTime), Ct)).Count);

        var waiting = store.WaitForWorkAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(waiting.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(1));

        await waiting.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task WaitForWork_Cancelled_Throws()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct));
        using var cancel = new CancellationTokenSource();
        var waiting = store.WaitForWorkAsync(LongPoll, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience, Ct));
    }

    [Fact]
    public async Task WaitForWork_Release_WakesWaiter()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w2", 1, LeaseTime), Ct));
        var waiting = store.WaitForWorkAsync(LongPoll, Ct);
        Assert.False(waiting.IsCompleted);

        Assert.True(await store.ReleaseAsync(claim.Lease, "shutting down", Ct));

        await waiting.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task WaitForWork_Reclaim_WakesWaiter()
    {
        var store = await CreateStoreAsync();
        await RunningTaskAsync(store);
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w2", 1, LeaseTime), Ct));
        var waiting = store.WaitForWorkAsync(LongPoll, Ct);
        Time.Advance(LeaseTime + TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);

        Assert.Single(await store.ReclaimExpiredAsync(Ct));

        await waiting.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task WaitForWork_TimerWake_WakesWaiter()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        await ParkAsync(store, claim, Time.GetUtcNow().AddMinutes(1));
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w2", 1, LeaseTime), Ct));
        var waiting = store.WaitForWorkAsync(LongPoll, Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(waiting.IsCompleted);

        Assert.Single(await store.WakeDueAsync(Ct));

        await waiting.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task WaitForWork_RetryTransition_WakesWaiter()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        Assert.True((await store.TransitionAsync(new TaskTransition(task.Id, [TaskState.Queued], TaskState.Cancelled), Ct)).Applied);
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct));
        var waiting = store.WaitForWorkAsync(LongPoll, Ct);
        Assert.False(waiting.IsCompleted);

        Assert.True((await store.TransitionAsync(new TaskTransition(task.Id, [TaskState.Cancelled], TaskState.Queued), Ct)).Applied);

        await waiting.WaitAsync(Patience, Ct);
    }
}
