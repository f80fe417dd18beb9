using Errand.Journal;
using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="ILeaseStore"/> and of fencing: a lost lease can write nothing at all.</summary>
public abstract class LeaseStoreCompliance : StoreCompliance
{
    [Fact]
    public async Task Renew_HeldLease_ExtendsFromNow()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(LeaseRenewal.Renewed, await store.RenewAsync(claim.Lease, LeaseTime, Ct));

        Assert.Equal(Time.GetUtcNow() + LeaseTime, (await store.GetAsync(claim.Task.Id, Ct))!.LeaseExpiresAt);
        Time.Advance(TimeSpan.FromSeconds(20)); // past the first expiry, within the renewed one
        Assert.Empty(await store.ReclaimExpiredAsync(Ct));
    }

    [Fact]
    public async Task Renew_LapsedButNotReclaimed_StillRenews()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Time.Advance(LeaseTime + TimeSpan.FromSeconds(5));

        Assert.Equal(LeaseRenewal.Renewed, await store.RenewAsync(claim.Lease, LeaseTime, Ct));

        Assert.Empty(await store.ReclaimExpiredAsync(Ct));
    }

    [Fact]
    public async Task NextLeaseExpiry_RunningTasks_TheSoonestUntilNoneRuns()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.NextLeaseExpiryAsync(Ct));
        var start = Time.GetUtcNow();
        var first = await RunningTaskAsync(store, worker: "w1");
        Time.Advance(TimeSpan.FromSeconds(3));
        var second = await RunningTaskAsync(store, worker: "w2");

        Assert.Equal(start + LeaseTime, await store.NextLeaseExpiryAsync(Ct));

        Assert.Equal(LeaseRenewal.Renewed, await store.RenewAsync(first.Lease, LeaseTime, Ct));
        Assert.Equal(start + TimeSpan.FromSeconds(3) + LeaseTime, await store.NextLeaseExpiryAsync(Ct));

        Assert.True(await store.ReleaseAsync(first.Lease, "shutting down", Ct));
        Assert.True(await store.ReleaseAsync(second.Lease, "shutting down", Ct));
        Assert.Null(await store.NextLeaseExpiryAsync(Ct));
    }

    [Fact]
    public async Task Reclaim_LeaseNotLapsed_LeavesTaskRunning()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Time.Advance(LeaseTime - TimeSpan.FromSeconds(1));

        Assert.Empty(await store.ReclaimExpiredAsync(Ct));

        Assert.Equal(claim.Task, await store.GetAsync(claim.Task.Id, Ct));
    }

    [Fact]
    public async Task Reclaim_LapsedLease_RequeuedWithRaisedFenceAndEvent()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store, worker: "w1");
        Time.Advance(LeaseTime + TimeSpan.FromSeconds(1));

        var reclaimed = Assert.Single(await store.ReclaimExpiredAsync(Ct));

        Assert.Equal(new ReclaimedTask(claim.Task.Id, "w1", TaskState.Queued), reclaimed);
        var task = (await store.GetAsync(claim.Task.Id, Ct))!;
        Assert.Equal(TaskState.Queued, task.State);
        Assert.True(task.Fence > claim.Lease.Fence);
        Assert.Null(task.LeaseOwner);
        Assert.Null(task.LeaseExpiresAt);
        var expired = (await JournalAsync(store, task.Id))[^1];
        Assert.Equal(JournalKinds.LeaseExpired, expired.Kind);
        Assert.Contains("w1", expired.DataJson, StringComparison.Ordinal);
        Assert.Empty(await store.ReclaimExpiredAsync(Ct));
    }

    [Fact]
    public async Task Reclaim_OutOfAttempts_FailsTheTask()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(maxAttempts: 2), Ct);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await ClaimAsync(store, task.Id, $"w{attempt}");
            Time.Advance(LeaseTime + TimeSpan.FromSeconds(1));
            var reclaimed = Assert.Single(await store.ReclaimExpiredAsync(Ct));
            Assert.Equal(attempt == 2 ? TaskState.Failed : TaskState.Queued, reclaimed.NewState);
        }

        var failed = (await store.GetAsync(task.Id, Ct))!;
        Assert.Equal(TaskState.Failed, failed.State);
        Assert.Equal(Time.GetUtcNow(), failed.FinishedAt);
        Assert.Contains("2 times", failed.Reason, StringComparison.Ordinal);
        Assert.Null(failed.LeaseOwner);
        var kinds = await KindsAsync(store, task.Id);
        Assert.Equal([JournalKinds.LeaseExpired, JournalKinds.State], kinds[^2..]);
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w3", 1, LeaseTime), Ct));
    }

    [Fact]
    public async Task Release_HeldLease_RequeuedForTheNextWorker()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);

        Assert.True(await store.ReleaseAsync(claim.Lease, "shutting down", Ct));

        var task = (await store.GetAsync(claim.Task.Id, Ct))!;
        Assert.Equal(TaskState.Queued, task.State);
        Assert.True(task.Fence > claim.Lease.Fence);
        Assert.Null(task.LeaseOwner);
        var released = (await JournalAsync(store, task.Id))[^1];
        Assert.Equal(JournalKinds.Released, released.Kind);
        Assert.Contains("shutting down", released.Message, StringComparison.Ordinal);
        var next = await ClaimAsync(store, task.Id, "w2");
        Assert.Equal(2, next.Task.Attempt);
    }

    [Fact]
    public async Task StaleLease_AfterReclaimAndNewClaim_EveryWriteRefusedAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        var old = await RunningTaskAsync(store, worker: "w1");
        Assert.True(await store.SaveCheckpointAsync(old.Lease, Checkpoint(old, 1), Ct));
        Time.Advance(LeaseTime + TimeSpan.FromSeconds(1));
        Assert.Single(await store.ReclaimExpiredAsync(Ct));
        var current = await ClaimAsync(store, old.Task.Id, "w2");

        await AssertLeaseLostAsync(store, old.Lease);

        Assert.True(await store.AppendAsync(current.Task.Id, current.Lease, [new JournalEntry(JournalKinds.Output, "new owner")], Ct));
        Assert.Equal(LeaseRenewal.Renewed, await store.RenewAsync(current.Lease, LeaseTime, Ct));
    }

    [Fact]
    public async Task StaleLease_AfterRelease_EveryWriteRefusedAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        var old = await RunningTaskAsync(store);
        Assert.True(await store.ReleaseAsync(old.Lease, "shutting down", Ct));

        await AssertLeaseLostAsync(store, old.Lease);
    }

    [Fact]
    public async Task StaleLease_AfterFinishing_EveryWriteRefusedAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        var old = await RunningTaskAsync(store);
        Assert.True((await store.TransitionAsync(
            new TaskTransition(old.Task.Id, [TaskState.Running], TaskState.Succeeded) { Lease = old.Lease }, Ct)).Applied);

        await AssertLeaseLostAsync(store, old.Lease);
    }

    [Fact]
    public async Task Lease_OtherWorkerWithTheSameFence_Refused()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store, worker: "w1");

        await AssertLeaseLostAsync(store, claim.Lease with { WorkerId = "intruder" });

        Assert.Equal(LeaseRenewal.Renewed, await store.RenewAsync(claim.Lease, LeaseTime, Ct));
    }

    private static Checkpoint Checkpoint(TaskClaim claim, int step) =>
        new(claim.Task.Id, claim.Task.Attempt, step, $$"""{"step":{{step}}}""", null, DateTimeOffset.UnixEpoch);

    /// <summary>Tries every write a lease holder can make, and checks that none of them changed anything.</summary>
    private async Task AssertLeaseLostAsync(IErrandStore store, LeaseToken lease)
    {
        var task = await store.GetAsync(lease.TaskId, Ct);
        var journal = await JournalAsync(store, lease.TaskId);
        var checkpoint = await store.GetLatestCheckpointAsync(lease.TaskId, Ct);
        Time.Advance(TimeSpan.FromSeconds(1));

        var transition = await store.TransitionAsync(new TaskTransition(lease.TaskId, [TaskState.Running], TaskState.Failed)
        {
            Lease = lease,
            Reason = "stale",
            Events = [new JournalEntry(JournalKinds.Output, "stale event")],
            Notifications = [new OutboxMessage($"stale-{lease.TaskId}", "c", "failed", "{}")],
        }, Ct);
        var appended = await store.AppendAsync(lease.TaskId, lease, [new JournalEntry(JournalKinds.Output, "stale")], Ct);
        var saved = await store.SaveCheckpointAsync(lease, new Checkpoint(lease.TaskId, 1, 99, "{}", "abc", Time.GetUtcNow()), Ct);
        var renewal = await store.RenewAsync(lease, TimeSpan.FromHours(1), Ct);
        var released = await store.ReleaseAsync(lease, "stale", Ct);

        Assert.Equal(TransitionStatus.FenceLost, transition.Status);
        Assert.Equal(task, transition.Current);
        Assert.False(appended);
        Assert.False(saved);
        Assert.Equal(LeaseRenewal.Lost, renewal);
        Assert.False(released);
        Assert.Equal(task, await store.GetAsync(lease.TaskId, Ct));
        Assert.Equal(journal, await JournalAsync(store, lease.TaskId));
        Assert.Equal(checkpoint, await store.GetLatestCheckpointAsync(lease.TaskId, Ct));
        Assert.DoesNotContain(await store.ClaimOutboxAsync(100, TimeSpan.FromMinutes(1), Ct), i => i.Message.Key == $"stale-{lease.TaskId}");
    }
}
