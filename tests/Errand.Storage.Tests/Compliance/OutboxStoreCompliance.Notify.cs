using Errand.Journal;

namespace Errand.Storage.Tests.Compliance;

/// <summary>Notifications written outside a state change (budget warnings, stuck tasks), and the dispatcher's wake-up.</summary>
public abstract partial class OutboxStoreCompliance
{
    [Fact]
    public async Task NotifyAsync_WithoutLease_WritesEventsAndRowsTogether()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);

        var written = await store.NotifyAsync(task.Id, null, [new JournalEntry(JournalKinds.Warning, "stuck for 10m")],
            [new OutboxMessage("task-1/stuck/a", "hook", "stuck", "{}"), new OutboxMessage("task-1/stuck/b", "mail", "stuck", "{}")], Ct);

        Assert.True(written);
        Assert.Equal([JournalKinds.Submitted, JournalKinds.Warning], await KindsAsync(store, task.Id));
        var items = await store.ClaimOutboxAsync(10, Visibility, Ct);
        Assert.Equal(["task-1/stuck/a", "task-1/stuck/b"], items.Select(i => i.Message.Key));
        Assert.All(items, i => Assert.Equal(task.Id, i.TaskId));
    }

    [Fact]
    public async Task NotifyAsync_CurrentLease_Written()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);

        var written = await store.NotifyAsync(claim.Task.Id, claim.Lease, [new JournalEntry(JournalKinds.Warning, "80% of budget")],
            [new OutboxMessage("w", "hook", "budget_warning", "{}")], Ct);

        Assert.True(written);
        Assert.Single(await store.ClaimOutboxAsync(10, Visibility, Ct));
        Assert.Equal(JournalKinds.Warning, (await JournalAsync(store, claim.Task.Id))[^1].Kind);
    }

    [Fact]
    public async Task NotifyAsync_StaleLease_WritesNothing()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Assert.True(await store.ReleaseAsync(claim.Lease, "handed back", Ct));
        var kinds = await KindsAsync(store, claim.Task.Id);

        var written = await store.NotifyAsync(claim.Task.Id, claim.Lease, [new JournalEntry(JournalKinds.Warning, "80% of budget")],
            [new OutboxMessage("w", "hook", "budget_warning", "{}")], Ct);

        Assert.False(written);
        Assert.Equal(kinds, await KindsAsync(store, claim.Task.Id));
        Assert.Empty(await store.ListOutboxAsync(new OutboxQuery(), Ct));
    }

    [Fact]
    public async Task NotifyAsync_UnknownTask_False()
    {
        var store = await CreateStoreAsync();

        Assert.False(await store.NotifyAsync(999, null, [], [new OutboxMessage("k", "hook", "stuck", "{}")], Ct));
        Assert.Empty(await store.ListOutboxAsync(new OutboxQuery(), Ct));
    }

    [Fact]
    public async Task NotifyAsync_KeyAlreadyWritten_RowKeptOnceEventsStillAppended()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        await store.NotifyAsync(task.Id, null, [], [new OutboxMessage("same", "hook", "stuck", """{"n":1}""")], Ct);

        var written = await store.NotifyAsync(task.Id, null, [new JournalEntry(JournalKinds.Warning, "again")],
            [new OutboxMessage("same", "hook", "stuck", """{"n":2}""")], Ct);

        Assert.True(written);
        var row = Assert.Single(await store.ListOutboxAsync(new OutboxQuery(), Ct));
        Assert.Equal("""{"n":1}""", row.Message.PayloadJson);
        Assert.Equal(JournalKinds.Warning, (await JournalAsync(store, task.Id))[^1].Kind);
    }

    [Fact]
    public async Task WaitForOutbox_RowWrittenInThisProcess_WakesWaiterAtOnce()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        Assert.Empty(await store.ClaimOutboxAsync(10, Visibility, Ct));
        var waiting = store.WaitForOutboxAsync(TimeSpan.FromHours(1), Ct);
        // No Assert.False(waiting.IsCompleted) here: a store may wake a waiter early for the writes above (a
        // doorbell, a notification), which the contract allows; what matters is that the write below wakes it.

        await store.NotifyAsync(task.Id, null, [], [new OutboxMessage("k", "hook", "stuck", "{}")], Ct);

        await waiting.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task WaitForOutbox_TransitionWithNotification_WakesWaiterAtOnce()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        Assert.Empty(await store.ClaimOutboxAsync(10, Visibility, Ct));
        var waiting = store.WaitForOutboxAsync(TimeSpan.FromHours(1), Ct);

        await NotifyAsync(store, task.Id, new OutboxMessage("k", "hook", "cancelled", "{}"));

        await waiting.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task WaitForOutbox_SignalBeforeWait_NotLost()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        Assert.Empty(await store.ClaimOutboxAsync(10, Visibility, Ct));
        await store.NotifyAsync(task.Id, null, [], [new OutboxMessage("k", "hook", "stuck", "{}")], Ct);

        Assert.True(store.WaitForOutboxAsync(TimeSpan.FromHours(1), Ct).IsCompleted);
    }

    [Fact]
    public async Task WaitForOutbox_NothingWritten_ReturnsAfterMaxWait()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ClaimOutboxAsync(10, Visibility, Ct));
        var waiting = store.WaitForOutboxAsync(TimeSpan.FromSeconds(1), Ct);
        Assert.False(waiting.IsCompleted);

        Time.Advance(TimeSpan.FromSeconds(1));

        await waiting.WaitAsync(Patience, Ct);
    }
}
