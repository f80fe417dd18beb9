using Errand.Journal;

namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="ICheckpointStore"/>.</summary>
public abstract class CheckpointStoreCompliance : StoreCompliance
{
    [Fact]
    public async Task GetLatest_NoCheckpoint_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);

        Assert.Null(await store.GetLatestCheckpointAsync(task.Id, Ct));
    }

    [Fact]
    public async Task Save_HeldLease_NewestIsReturnedAndEachIsJournaled()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Assert.True(await store.SaveCheckpointAsync(claim.Lease,
            new Checkpoint(claim.Task.Id, claim.Task.Attempt, 1, """{"turns":1}""", "c0ffee1", Time.GetUtcNow()), Ct));
        Time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(await store.SaveCheckpointAsync(claim.Lease,
            new Checkpoint(claim.Task.Id, claim.Task.Attempt, 2, """{"turns":2}""", null, Time.GetUtcNow()), Ct));

        var latest = await store.GetLatestCheckpointAsync(claim.Task.Id, Ct);
        Assert.Equal(new Checkpoint(claim.Task.Id, 1, 2, """{"turns":2}""", null, Time.GetUtcNow()), latest);
        var checkpoints = (await JournalAsync(store, claim.Task.Id)).Where(e => e.Kind == JournalKinds.Checkpoint).ToList();
        Assert.Equal(2, checkpoints.Count);
        Assert.All(checkpoints, e => Assert.Equal(1, e.Attempt));
    }

    [Fact]
    public async Task Save_ByNextAttempt_ReplacesTheResumePoint()
    {
        var store = await CreateStoreAsync();
        var first = await RunningTaskAsync(store);
        Assert.True(await store.SaveCheckpointAsync(first.Lease, new Checkpoint(first.Task.Id, 1, 5, "{}", "aaa", Time.GetUtcNow()), Ct));
        Assert.True(await store.ReleaseAsync(first.Lease, "restart", Ct));
        var second = await ClaimAsync(store, first.Task.Id, "w2");
        Assert.Equal(5, (await store.GetLatestCheckpointAsync(first.Task.Id, Ct))!.Step);

        Assert.True(await store.SaveCheckpointAsync(second.Lease, new Checkpoint(first.Task.Id, 2, 6, "{}", "bbb", Time.GetUtcNow()), Ct));

        var latest = (await store.GetLatestCheckpointAsync(first.Task.Id, Ct))!;
        Assert.Equal((2, 6, "bbb"), (latest.Attempt, latest.Step, latest.WorkspaceCommit));
    }

    [Fact]
    public async Task Save_OnlyOneTask_OtherTasksUnaffected()
    {
        var store = await CreateStoreAsync();
        var claims = await store.ClaimAsync(new ClaimRequest("w1", 2, LeaseTime), Ct);
        Assert.Empty(claims);
        await EnqueueAsync(store, 2);
        claims = await store.ClaimAsync(new ClaimRequest("w1", 2, LeaseTime), Ct);

        Assert.True(await store.SaveCheckpointAsync(claims[0].Lease, new Checkpoint(claims[0].Task.Id, 1, 1, "{}", null, Time.GetUtcNow()), Ct));

        Assert.NotNull(await store.GetLatestCheckpointAsync(claims[0].Task.Id, Ct));
        Assert.Null(await store.GetLatestCheckpointAsync(claims[1].Task.Id, Ct));
    }
}
