using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>
/// The contract of <see cref="ITaskStore.WaitForWorkAsync"/> (and the outbox's wait): prompt wake-ups, in this process and
/// from others, that are never lost.
/// </summary>
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
    public async Task WaitForWork_EnqueueInAnotherProcess_WakesWithoutPolling()
    {
        var worker = await CreateStoreAsync();
        var submitter = await OpenAnotherAsync();
        Assert.Empty(await worker.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct));
        var waiting = worker.WaitForWorkAsync(LongPoll, Ct);
        Assert.False(waiting.IsCompleted);

        var task = await submitter.EnqueueAsync(Submission(), Ct);

        // The poll is an hour on a clock that does not move: only a wake-up from the other instance ends the wait.
        await waiting.WaitAsync(Patience, Ct);
        Assert.Equal(task.Id, Assert.Single(await worker.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct)).Task.Id);
    }

    [Fact]
    public async Task WaitForOutbox_RowWrittenByAnotherProcess_Wakes()
    {
        var dispatcher = await CreateStoreAsync();
        var other = await OpenAnotherAsync();
        var task = await other.EnqueueAsync(Submission(), Ct);
        Assert.Empty(await dispatcher.ClaimOutboxAsync(10, LeaseTime, Ct));
        // The other instance's enqueue may still wake this one (SQLite's doorbell is read a moment later), which the
        // contract allows: such a wake-up is taken, and the wait armed again, until one lasts a quiet half second.
        var waiting = dispatcher.WaitForOutboxAsync(LongPoll, Ct);
        for (var early = 0; await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500), Ct)) == waiting; early++)
        {
            Assert.True(early < 5, "woken again and again with nothing written");
            waiting = dispatcher.WaitForOutboxAsync(LongPoll, Ct);
        }

        Assert.True(await other.NotifyAsync(task.Id, null, [], [new OutboxMessage("k", "hook", "stuck", "{}")], Ct));

        await waiting.WaitAsync(Patience, Ct);
        Assert.Single(await dispatcher.ClaimOutboxAsync(10, LeaseTime, Ct));
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

        // The enqueue's own doorbell may be read a moment after the claim (SQLite) and wake the first wait early, which
        // the contract allows: such a wake-up is taken, and the wait armed again, until one lasts a quiet half second.
        var waiting = store.WaitForWorkAsync(TimeSpan.FromSeconds(5), Ct);
        for (var early = 0; await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500), Ct)) == waiting; early++)
        {
            Assert.True(early < 5, "woken again and again with nothing new");
            waiting = store.WaitForWorkAsync(TimeSpan.FromSeconds(5), Ct);
        }

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
