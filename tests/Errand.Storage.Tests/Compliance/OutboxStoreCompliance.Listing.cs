namespace Errand.Storage.Tests.Compliance;

/// <summary>What operators see and do: listing rows by state, and retrying the ones that failed.</summary>
public abstract partial class OutboxStoreCompliance
{
    [Fact]
    public async Task ListOutbox_EachState_ReportedWithErrorAndNextAttempt()
    {
        var (store, ids) = await FourStatesAsync();

        var all = await store.ListOutboxAsync(new OutboxQuery(), Ct);

        Assert.Equal([ids.Pending, ids.Retrying, ids.Dead, ids.Delivered], all.Select(r => r.Id));
        var pending = all[0];
        Assert.Equal(OutboxState.Pending, pending.State);
        Assert.Equal(0, pending.Attempts);
        Assert.Null(pending.LastError);
        Assert.Equal(Time.GetUtcNow(), pending.NextAttemptAt);
        var retrying = all[1];
        Assert.Equal(OutboxState.Retrying, retrying.State);
        Assert.Equal(1, retrying.Attempts);
        Assert.Equal("HTTP 503", retrying.LastError);
        Assert.Equal(Time.GetUtcNow().AddMinutes(5), retrying.NextAttemptAt);
        var dead = all[2];
        Assert.Equal(OutboxState.Dead, dead.State);
        Assert.Equal("HTTP 410", dead.LastError);
        Assert.Null(dead.NextAttemptAt);
        var delivered = all[3];
        Assert.Equal(OutboxState.Delivered, delivered.State);
        Assert.Equal(Time.GetUtcNow(), delivered.DeliveredAt);
        Assert.Equal(1, delivered.Attempts);
        Assert.Equal("k-delivered", delivered.Message.Key);
        Assert.Equal("hook", delivered.Message.Channel);
        Assert.Equal("cancelled", delivered.Message.Event);
    }

    [Theory]
    [InlineData(new[] { OutboxState.Dead }, new[] { "k-dead" })]
    [InlineData(new[] { OutboxState.Dead, OutboxState.Retrying }, new[] { "k-retrying", "k-dead" })]
    [InlineData(new[] { OutboxState.Pending }, new[] { "k-pending" })]
    [InlineData(new[] { OutboxState.Delivered }, new[] { "k-delivered" })]
    [InlineData(new[] { OutboxState.Pending, OutboxState.Retrying }, new[] { "k-pending", "k-retrying" })]
    public async Task ListOutbox_ByState_OnlyThoseNewestFirst(OutboxState[] states, string[] keys)
    {
        var (store, _) = await FourStatesAsync();

        var rows = await store.ListOutboxAsync(new OutboxQuery { States = states }, Ct);

        Assert.Equal(keys, rows.Select(r => r.Message.Key));
    }

    [Fact]
    public async Task ListOutbox_LimitAndTask_Applied()
    {
        var store = await CreateStoreAsync();
        var first = await store.EnqueueAsync(Submission(), Ct);
        var second = await store.EnqueueAsync(Submission(), Ct);
        await NotifyAsync(store, first.Id, new OutboxMessage("a1", "hook", "cancelled", "{}"), new OutboxMessage("a2", "hook", "cancelled", "{}"));
        await NotifyAsync(store, second.Id, new OutboxMessage("b1", "hook", "cancelled", "{}"));

        Assert.Equal(["b1", "a2"], (await store.ListOutboxAsync(new OutboxQuery { Limit = 2 }, Ct)).Select(r => r.Message.Key));
        Assert.Equal(["a2", "a1"], (await store.ListOutboxAsync(new OutboxQuery { TaskId = first.Id }, Ct)).Select(r => r.Message.Key));
    }

    [Fact]
    public async Task RetryOutbox_Dead_DueNowWithAttemptsAndErrorKept()
    {
        var (store, ids) = await FourStatesAsync();

        Assert.True(await store.RetryOutboxAsync(ids.Dead, Ct));

        var row = Assert.Single(await store.ListOutboxAsync(new OutboxQuery { States = [OutboxState.Retrying] }, Ct), r => r.Id == ids.Dead);
        Assert.Equal(1, row.Attempts);
        Assert.Equal("HTTP 410", row.LastError);
        Assert.Equal(Time.GetUtcNow(), row.NextAttemptAt);
        var claimed = await store.ClaimOutboxAsync(10, Visibility, Ct);
        Assert.Contains(claimed, i => i.Id == ids.Dead && i.Attempts == 1);
    }

    [Fact]
    public async Task RetryOutbox_DeliveredOrMissing_False()
    {
        var (store, ids) = await FourStatesAsync();

        Assert.False(await store.RetryOutboxAsync(ids.Delivered, Ct));
        Assert.False(await store.RetryOutboxAsync(999_999, Ct));
        Assert.Equal(OutboxState.Delivered, (await store.ListOutboxAsync(new OutboxQuery { States = [OutboxState.Delivered] }, Ct))[0].State);
    }

    [Fact]
    public async Task RetryFailedOutbox_DeadAndRetrying_BothDueNowOthersUntouched()
    {
        var (store, ids) = await FourStatesAsync();
        var other = await OpenAnotherAsync();

        Assert.Equal(2, await other.RetryFailedOutboxAsync(Ct));

        var claimed = await store.ClaimOutboxAsync(10, Visibility, Ct);
        Assert.Equal([ids.Dead, ids.Retrying, ids.Pending], claimed.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task RetryOutbox_WakesWaitingDispatcher()
    {
        var (store, ids) = await FourStatesAsync();
        await store.ClaimOutboxAsync(10, Visibility, Ct);
        Assert.Empty(await store.ClaimOutboxAsync(10, Visibility, Ct));
        var waiting = store.WaitForOutboxAsync(TimeSpan.FromHours(1), Ct);
        // No Assert.False(waiting.IsCompleted) here: a store may wake a waiter early for the writes above (a
        // doorbell, a notification), which the contract allows; what matters is that the write below wakes it.

        await store.RetryOutboxAsync(ids.Dead, Ct);

        await waiting.WaitAsync(Patience, Ct);
    }

    /// <summary>Four rows, oldest first: delivered, dead, retrying (due in 5 minutes), pending.</summary>
    private async Task<(IErrandStore Store, (long Delivered, long Dead, long Retrying, long Pending) Ids)> FourStatesAsync()
    {
        var store = await CreateStoreAsync();
        var tasks = await EnqueueAsync(store, 4);
        string[] names = ["delivered", "dead", "retrying", "pending"];
        for (var i = 0; i < 4; i++)
        {
            await NotifyAsync(store, tasks[i].Id, new OutboxMessage($"k-{names[i]}", "hook", "cancelled", "{}"));
        }

        var items = await store.ClaimOutboxAsync(3, Visibility, Ct);
        await store.MarkDeliveredAsync(items[0].Id, Ct);
        await store.MarkFailedAsync(items[1].Id, "HTTP 410", null, Ct);
        await store.MarkFailedAsync(items[2].Id, "HTTP 503", Time.GetUtcNow().AddMinutes(5), Ct);
        var pending = Assert.Single(await store.ClaimOutboxAsync(10, TimeSpan.Zero, Ct));
        return (store, (items[0].Id, items[1].Id, items[2].Id, pending.Id));
    }
}
