using Errand.Journal;
using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>What a store promises once a write has returned: it is there after the store is closed and reopened.</summary>
public abstract class DurabilityCompliance : StoreCompliance
{
    [Fact]
    public async Task Reopen_AfterClose_EverythingWrittenIsThere()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Assert.True(await store.AppendAsync(claim.Task.Id, claim.Lease, [new JournalEntry(JournalKinds.Output, "hello")], Ct));
        Assert.True(await store.SaveCheckpointAsync(claim.Lease, new Checkpoint(claim.Task.Id, 1, 3, """{"c":3}""", "abc", Time.GetUtcNow()), Ct));
        var finished = await store.TransitionAsync(new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Succeeded)
        {
            Lease = claim.Lease,
            ResultJson = "{}",
            Notifications = [new OutboxMessage("done-1", "hook", "succeeded", "{}")],
        }, Ct);
        var parked = await RunningTaskAsync(store);
        await ParkAsync(store, parked, Time.GetUtcNow().AddMinutes(1));
        var journal = await JournalAsync(store, claim.Task.Id);
        await store.DisposeAsync();

        var reopened = await CreateStoreAsync();

        Assert.Equal(finished.Current, await reopened.GetAsync(claim.Task.Id, Ct));
        Assert.Equal(journal, await JournalAsync(reopened, claim.Task.Id));
        Assert.Equal(3, (await reopened.GetLatestCheckpointAsync(claim.Task.Id, Ct))!.Step);
        Assert.Equal("done-1", Assert.Single(await reopened.ClaimOutboxAsync(10, TimeSpan.FromMinutes(1), Ct)).Message.Key);
        Assert.Equal(Time.GetUtcNow().AddMinutes(1), await reopened.NextWakeAsync(Ct));
        Assert.True((await reopened.GetAsync(claim.Task.Id, Ct))!.Fence > claim.Lease.Fence);
    }

    [Fact]
    public async Task GroupCommit_ThousandConcurrentWrites_AllCompleteAndSurviveReopen()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        var target = await store.EnqueueAsync(Submission("target"), Ct);

        var writes = Enumerable.Range(0, 1000).Select(i => Task.Run(async () => (i % 3) switch
        {
            0 => (await store.EnqueueAsync(Submission($"t{i}"), Ct)).Id > 0,
            1 => await store.AppendAsync(claim.Task.Id, claim.Lease, [new JournalEntry(JournalKinds.Output, $"leased {i}")], Ct),
            _ => await store.AppendAsync(target.Id, null, [new JournalEntry(JournalKinds.Output, $"free {i}")], Ct),
        }, Ct)).ToList();
        var results = await Task.WhenAll(writes);
        await store.DisposeAsync();

        Assert.All(results, Assert.True);
        var reopened = await CreateStoreAsync();
        var tasks = await reopened.ListAsync(new TaskQuery { Limit = 10_000 }, Ct);
        Assert.Equal(334 + 2, tasks.Count);
        Assert.Equal(333, (await JournalAsync(reopened, claim.Task.Id)).Count(e => e.Kind == JournalKinds.Output));
        Assert.Equal(333, (await JournalAsync(reopened, target.Id)).Count(e => e.Kind == JournalKinds.Output));
    }
}
