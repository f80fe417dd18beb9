using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="IOutboxStore"/>: written with the change, deduplicated, delivered at least once.</summary>
public abstract partial class OutboxStoreCompliance : StoreCompliance
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Claim_Nothing_ReturnsEmpty()
    {
        var store = await CreateStoreAsync();

        Assert.Empty(await store.ClaimOutboxAsync(10, Visibility, Ct));
    }

    [Fact]
    public async Task Notify_SameKeyTwice_KeptOnce()
    {
        var store = await CreateStoreAsync();
        var first = await store.EnqueueAsync(Submission(), Ct);
        var second = await store.EnqueueAsync(Submission(), Ct);

        await NotifyAsync(store, first.Id, new OutboxMessage("same-key", "slack", "cancelled", """{"n":1}"""));
        await NotifyAsync(store, second.Id, new OutboxMessage("same-key", "slack", "cancelled", """{"n":2}"""));

        var item = Assert.Single(await store.ClaimOutboxAsync(10, Visibility, Ct));
        Assert.Equal("""{"n":1}""", item.Message.PayloadJson);
        Assert.Equal(first.Id, item.TaskId);
        Assert.Equal(0, item.Attempts);
        Assert.Equal(Time.GetUtcNow(), item.CreatedAt);
    }

    [Fact]
    public async Task Claim_MoreThanMax_OldestFirstUpToMax()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        await NotifyAsync(store, task.Id, [.. Enumerable.Range(0, 5).Select(i => new OutboxMessage($"k{i}", "hook", "cancelled", "{}"))]);

        var firstTwo = await store.ClaimOutboxAsync(2, Visibility, Ct);
        var rest = await store.ClaimOutboxAsync(10, Visibility, Ct);

        Assert.Equal(["k0", "k1"], firstTwo.Select(i => i.Message.Key));
        Assert.Equal(["k2", "k3", "k4"], rest.Select(i => i.Message.Key));
    }

    [Fact]
    public async Task Claim_Claimed_HiddenFromEveryDispatcherUntilVisibilityPasses()
    {
        var store = await CreateStoreAsync();
        var other = await OpenAnotherAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        await NotifyAsync(store, task.Id, new OutboxMessage("k", "hook", "cancelled", "{}"));
        var claimed = Assert.Single(await store.ClaimOutboxAsync(10, Visibility, Ct));

        Assert.Empty(await store.ClaimOutboxAsync(10, Visibility, Ct));
        Assert.Empty(await other.ClaimOutboxAsync(10, Visibility, Ct));
        Time.Advance(Visibility - TimeSpan.FromSeconds(1));
        Assert.Empty(await other.ClaimOutboxAsync(10, Visibility, Ct));
        Time.Advance(TimeSpan.FromSeconds(1));

        var again = Assert.Single(await other.ClaimOutboxAsync(10, Visibility, Ct));
        Assert.Equal(claimed.Id, again.Id);
    }

    [Fact]
    public async Task MarkDelivered_NeverClaimedAgain()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        await NotifyAsync(store, task.Id, new OutboxMessage("k", "hook", "cancelled", "{}"));
        var item = Assert.Single(await store.ClaimOutboxAsync(10, Visibility, Ct));

        await store.MarkDeliveredAsync(item.Id, Ct);
        Time.Advance(TimeSpan.FromHours(1));

        Assert.Empty(await store.ClaimOutboxAsync(10, Visibility, Ct));
    }

    [Fact]
    public async Task MarkFailed_WithRetryTime_DueAgainThenWithAttemptsCounted()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        await NotifyAsync(store, task.Id, new OutboxMessage("k", "hook", "cancelled", "{}"));
        var item = Assert.Single(await store.ClaimOutboxAsync(10, Visibility, Ct));

        await store.MarkFailedAsync(item.Id, "HTTP 503", Time.GetUtcNow().AddMinutes(2), Ct);

        Assert.Empty(await store.ClaimOutboxAsync(10, Visibility, Ct));
        Time.Advance(TimeSpan.FromMinutes(2));
        var retry = Assert.Single(await store.ClaimOutboxAsync(10, Visibility, Ct));
        Assert.Equal(item.Id, retry.Id);
        Assert.Equal(1, retry.Attempts);
    }

    [Fact]
    public async Task MarkFailed_WithoutRetryTime_Dead()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        await NotifyAsync(store, task.Id, new OutboxMessage("k", "hook", "cancelled", "{}"));
        var item = Assert.Single(await store.ClaimOutboxAsync(10, Visibility, Ct));

        await store.MarkFailedAsync(item.Id, "HTTP 410 gone", null, Ct);
        Time.Advance(TimeSpan.FromDays(1));

        Assert.Empty(await store.ClaimOutboxAsync(10, Visibility, Ct));
    }

    /// <summary>Cancels a queued task with notifications: the outbox rows are written by that transition.</summary>
    private static async Task NotifyAsync(IErrandStore store, long taskId, params OutboxMessage[] messages)
    {
        var outcome = await store.TransitionAsync(
            new TaskTransition(taskId, [TaskState.Queued], TaskState.Cancelled) { Notifications = messages }, Ct);
        Assert.True(outcome.Applied);
    }
}
