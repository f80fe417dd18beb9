using System.Collections.Concurrent;
using Errand.Journal;
using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="ITaskStore"/>: accepting, listing, claiming and moving tasks.</summary>
public abstract class TaskStoreCompliance : StoreCompliance
{
    [Fact]
    public async Task Enqueue_NewTask_IsQueuedAndJournalsSubmittedBeforeItsOwnEvents()
    {
        var store = await CreateStoreAsync();
        var submitted = Submission("Fix the flaky test", maxAttempts: 5) with { Events = [new JournalEntry(JournalKinds.Warning, "no sandbox", """{"loud":true}""")] };

        var task = await store.EnqueueAsync(submitted, Ct);

        Assert.Equal(TaskState.Queued, task.State);
        Assert.Equal("Fix the flaky test", task.Title);
        Assert.Equal(submitted.SpecJson, task.SpecJson);
        Assert.Equal(5, task.MaxAttempts);
        Assert.Equal(0, task.Attempt);
        Assert.Null(task.LeaseOwner);
        Assert.Equal(Time.GetUtcNow(), task.CreatedAt);
        Assert.Equal(task, await store.GetAsync(task.Id, Ct));
        var journal = await JournalAsync(store, task.Id);
        Assert.Equal([JournalKinds.Submitted, JournalKinds.Warning], journal.Select(e => e.Kind));
        Assert.All(journal, e => Assert.Equal(0, e.Attempt));
        Assert.Equal("""{"loud":true}""", journal[1].DataJson);
        Assert.Equal(Time.GetUtcNow(), journal[0].At);
    }

    [Fact]
    public async Task Get_UnknownTask_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync(424242, Ct));
    }

    [Fact]
    public async Task List_StatesAndPaging_NewestFirst()
    {
        var store = await CreateStoreAsync();
        var tasks = await EnqueueAsync(store, 5);
        await store.ClaimAsync(new ClaimRequest("w1", 2, LeaseTime), Ct);
        long[] Ids(IReadOnlyList<TaskRecord> list) => [.. list.Select(t => t.Id)];

        var queued = await store.ListAsync(new TaskQuery { States = [TaskState.Queued] }, Ct);
        var firstPage = await store.ListAsync(new TaskQuery { Limit = 2 }, Ct);
        var nextPage = await store.ListAsync(new TaskQuery { Limit = 10, BeforeId = firstPage[^1].Id }, Ct);
        var both = await store.ListAsync(new TaskQuery { States = [TaskState.Running, TaskState.Queued] }, Ct);
        var none = await store.ListAsync(new TaskQuery { States = [TaskState.Succeeded] }, Ct);

        Assert.Equal([tasks[4].Id, tasks[3].Id, tasks[2].Id], Ids(queued));
        Assert.Equal([tasks[4].Id, tasks[3].Id], Ids(firstPage));
        Assert.Equal([tasks[2].Id, tasks[1].Id, tasks[0].Id], Ids(nextPage));
        Assert.Equal(tasks.Select(t => t.Id).Reverse(), Ids(both));
        Assert.Empty(none);
    }

    [Fact]
    public async Task CountByState_QueuedRunningAndEnded_CountsEachStateItHolds()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.CountByStateAsync(Ct));
        await EnqueueAsync(store, 5);
        var claims = await store.ClaimAsync(new ClaimRequest("w1", 2, LeaseTime), Ct);
        await store.TransitionAsync(new TaskTransition(claims[0].Task.Id, [TaskState.Running], TaskState.Succeeded) { Lease = claims[0].Lease }, Ct);

        var counts = await store.CountByStateAsync(Ct);

        Assert.Equal(new Dictionary<TaskState, long> { [TaskState.Queued] = 3, [TaskState.Running] = 1, [TaskState.Succeeded] = 1 }, counts);
    }

    [Fact]
    public async Task Claim_Queued_OldestFirstWithLeaseAndOneClaimedEvent()
    {
        var store = await CreateStoreAsync();
        var tasks = await EnqueueAsync(store, 3);
        Time.Advance(TimeSpan.FromSeconds(1));

        var claims = await store.ClaimAsync(new ClaimRequest("w1", 2, LeaseTime), Ct);

        Assert.Equal([tasks[0].Id, tasks[1].Id], claims.Select(c => c.Task.Id));
        foreach (var claim in claims)
        {
            Assert.Equal(TaskState.Running, claim.Task.State);
            Assert.Equal(1, claim.Task.Attempt);
            Assert.Equal("w1", claim.Task.LeaseOwner);
            Assert.Equal(Time.GetUtcNow() + LeaseTime, claim.Task.LeaseExpiresAt);
            Assert.Equal(Time.GetUtcNow(), claim.Task.StartedAt);
            Assert.True(claim.Task.Fence > 0);
            Assert.Equal(new LeaseToken(claim.Task.Id, "w1", claim.Task.Fence), claim.Lease);
            Assert.Equal(claim.Task, await store.GetAsync(claim.Task.Id, Ct));
            var journal = await JournalAsync(store, claim.Task.Id);
            Assert.Equal([JournalKinds.Submitted, JournalKinds.Claimed], journal.Select(e => e.Kind));
            Assert.Equal(1, journal[1].Attempt);
            Assert.Contains("w1", journal[1].DataJson, StringComparison.Ordinal);
        }

        Assert.Equal(TaskState.Queued, (await store.GetAsync(tasks[2].Id, Ct))!.State);
    }

    [Fact]
    public async Task Claim_EmptyQueue_ReturnsNothing()
    {
        var store = await CreateStoreAsync();

        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w1", 10, LeaseTime), Ct));
    }

    [Fact]
    public async Task Claim_ManyClaimersOnTwoStores_EachTaskClaimedExactlyOnce()
    {
        var first = await CreateStoreAsync();
        var second = await OpenAnotherAsync();
        var tasks = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => first.EnqueueAsync(Submission($"t{i}"), Ct)));
        var claimed = new ConcurrentBag<TaskClaim>();

        await Task.WhenAll(Enumerable.Range(0, 12).Select(c => Task.Run(async () =>
        {
            var store = c % 2 == 0 ? first : second;
            while (true)
            {
                var batch = await store.ClaimAsync(new ClaimRequest($"w{c}", 1 + (c % 4), LeaseTime), Ct);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var claim in batch)
                {
                    claimed.Add(claim);
                }
            }
        }, Ct)));

        Assert.Equal(tasks.Select(t => t.Id).Order(), claimed.Select(c => c.Task.Id).Order());
        foreach (var task in tasks)
        {
            Assert.Single(await KindsAsync(first, task.Id), JournalKinds.Claimed);
        }
    }

    [Fact]
    public async Task Transition_HeldLease_AppliesWithEventsStateEventAndOutbox()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Time.Advance(TimeSpan.FromMinutes(1));
        var message = new OutboxMessage($"task-{claim.Task.Id}-succeeded", "team-slack", "succeeded", """{"ok":true}""");

        var outcome = await store.TransitionAsync(new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Succeeded)
        {
            Lease = claim.Lease,
            Reason = "verified",
            ResultJson = """{"summary":"done"}""",
            Events = [new JournalEntry(JournalKinds.AgentFinished, "done")],
            Notifications = [message],
        }, Ct);

        Assert.Equal(TransitionStatus.Applied, outcome.Status);
        var task = outcome.Current!;
        Assert.Equal(task, await store.GetAsync(task.Id, Ct));
        Assert.Equal(TaskState.Succeeded, task.State);
        Assert.Equal("verified", task.Reason);
        Assert.Equal("""{"summary":"done"}""", task.ResultJson);
        Assert.Equal(Time.GetUtcNow(), task.FinishedAt);
        Assert.Equal(Time.GetUtcNow(), task.UpdatedAt);
        Assert.Null(task.LeaseOwner);
        Assert.Null(task.LeaseExpiresAt);
        Assert.True(task.Fence > claim.Lease.Fence);
        var journal = await JournalAsync(store, task.Id);
        Assert.Equal([JournalKinds.Submitted, JournalKinds.Claimed, JournalKinds.AgentFinished, JournalKinds.State], journal.Select(e => e.Kind));
        Assert.Contains("succeeded", journal[^1].Message, StringComparison.Ordinal);
        Assert.Contains("verified", journal[^1].Message, StringComparison.Ordinal);
        Assert.Equal(1, journal[^1].Attempt);
        var item = Assert.Single(await store.ClaimOutboxAsync(10, TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(message, item.Message);
        Assert.Equal(task.Id, item.TaskId);
    }

    [Fact]
    public async Task Transition_WrongState_StateConflictAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        var journal = await JournalAsync(store, task.Id);

        var outcome = await store.TransitionAsync(new TaskTransition(task.Id, [TaskState.Running], TaskState.Succeeded)
        {
            Events = [new JournalEntry(JournalKinds.Output, "should not land")],
            Notifications = [new OutboxMessage("k", "c", "succeeded", "{}")],
        }, Ct);

        Assert.Equal(TransitionStatus.StateConflict, outcome.Status);
        Assert.Equal(task, outcome.Current);
        Assert.Equal(task, await store.GetAsync(task.Id, Ct));
        Assert.Equal(journal, await JournalAsync(store, task.Id));
        Assert.Empty(await store.ClaimOutboxAsync(10, TimeSpan.FromMinutes(1), Ct));
    }

    [Fact]
    public async Task Transition_IllegalMove_ThrowsAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);

        await Assert.ThrowsAsync<InvalidTaskTransitionException>(() =>
            store.TransitionAsync(new TaskTransition(task.Id, [TaskState.Queued], TaskState.Succeeded), Ct));

        Assert.Equal(task, await store.GetAsync(task.Id, Ct));
        Assert.Equal([JournalKinds.Submitted], await KindsAsync(store, task.Id));
    }

    [Fact]
    public async Task Transition_UnknownTask_NotFound()
    {
        var store = await CreateStoreAsync();

        var outcome = await store.TransitionAsync(new TaskTransition(4242, [TaskState.Queued], TaskState.Cancelled), Ct);

        Assert.Equal(TransitionStatus.NotFound, outcome.Status);
        Assert.Null(outcome.Current);
    }

    [Fact]
    public async Task Transition_WithoutLeaseOnQueued_AppliesAndKeepsFence()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);

        var outcome = await store.TransitionAsync(
            new TaskTransition(task.Id, [TaskState.Queued, TaskState.Scheduled], TaskState.Cancelled) { Reason = "not needed" }, Ct);

        Assert.True(outcome.Applied);
        Assert.Equal(TaskState.Cancelled, outcome.Current!.State);
        Assert.Equal("not needed", outcome.Current.Reason);
        Assert.Equal(Time.GetUtcNow(), outcome.Current.FinishedAt);
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct));
    }

    [Fact]
    public async Task Transition_RetryOfFailedTask_QueuedAgainWithFinishAndCancelRequestCleared()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Assert.True(await store.RequestCancelAsync(claim.Task.Id, "stop", Ct));
        Assert.True((await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Failed) { Lease = claim.Lease, Reason = "broken", ResultJson = "{}" }, Ct)).Applied);

        var retried = await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Failed, TaskState.Cancelled], TaskState.Queued) { Reason = "retry requested" }, Ct);

        Assert.True(retried.Applied);
        Assert.Equal(TaskState.Queued, retried.Current!.State);
        Assert.Null(retried.Current.FinishedAt);
        Assert.False(retried.Current.CancelRequested);
        Assert.Equal("{}", retried.Current.ResultJson);
        var again = await ClaimAsync(store, claim.Task.Id, "w2");
        Assert.Equal(2, again.Task.Attempt);
        Assert.True(again.Lease.Fence > claim.Lease.Fence);
        Assert.Equal(LeaseRenewal.Renewed, await store.RenewAsync(again.Lease, LeaseTime, Ct));
    }

    [Fact]
    public async Task Transition_ClearResult_RemovesTheStoredReport()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Assert.True((await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Failed) { Lease = claim.Lease, ResultJson = """{"summary":"old"}""" }, Ct)).Applied);

        var retried = await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Failed], TaskState.Queued) { ClearResult = true, ResultJson = "{}" }, Ct);

        Assert.True(retried.Applied);
        Assert.Null(retried.Current!.ResultJson);
        Assert.Null((await store.GetAsync(claim.Task.Id, Ct))!.ResultJson);
    }

    [Fact]
    public async Task Transition_WithSpecJson_ReplacesTheSpecInTheSameChange()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Assert.True((await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Partial) { Lease = claim.Lease }, Ct)).Applied);

        var extended = await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Partial], TaskState.Queued) { SpecJson = """{"title":"raised"}""" }, Ct);
        var refused = await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Partial], TaskState.Queued) { SpecJson = """{"title":"twice"}""" }, Ct);

        Assert.True(extended.Applied);
        Assert.Equal("""{"title":"raised"}""", extended.Current!.SpecJson);
        Assert.Equal(TransitionStatus.StateConflict, refused.Status);
        Assert.Equal("""{"title":"raised"}""", (await store.GetAsync(claim.Task.Id, Ct))!.SpecJson);
    }

    [Fact]
    public async Task Transition_WithoutSpecJson_KeepsTheSpec()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        var before = claim.Task.SpecJson;

        await store.TransitionAsync(new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Failed) { Lease = claim.Lease }, Ct);

        Assert.Equal(before, (await store.GetAsync(claim.Task.Id, Ct))!.SpecJson);
    }

    [Fact]
    public async Task Transition_ToParkedState_EndsLeaseAndSetsWakeTime()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        var wakeAt = Time.GetUtcNow().AddMinutes(5);

        await ParkAsync(store, claim, wakeAt);

        var task = (await store.GetAsync(claim.Task.Id, Ct))!;
        Assert.Equal(TaskState.RetryBackoff, task.State);
        Assert.Equal(wakeAt, task.WakeAt);
        Assert.Null(task.LeaseOwner);
        Assert.Null(task.FinishedAt);
        Assert.True(task.Fence > claim.Lease.Fence);
    }

    [Fact]
    public async Task Transition_ExpectedFence_AppliesOnlyToTheIncarnationThatWasRead()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        await store.TransitionAsync(new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.WaitingForHuman) { Lease = claim.Lease }, Ct);
        var parked = (await store.GetAsync(claim.Task.Id, Ct))!;

        // An answer read against an earlier parking (the fence has moved on since) must not apply to this one.
        var stale = await store.TransitionAsync(
            new TaskTransition(parked.Id, [TaskState.WaitingForHuman], TaskState.Queued) { ExpectedFence = parked.Fence - 1 }, Ct);
        var current = await store.TransitionAsync(
            new TaskTransition(parked.Id, [TaskState.WaitingForHuman], TaskState.Queued) { ExpectedFence = parked.Fence }, Ct);

        Assert.Equal(TransitionStatus.StateConflict, stale.Status);
        Assert.Equal(TaskState.WaitingForHuman, stale.Current!.State);
        Assert.True(current.Applied);
        Assert.Equal(TaskState.Queued, current.Current!.State);
    }

    [Fact]
    public async Task RequestCancel_RunningTask_JournaledAndSeenByHeartbeat()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);

        Assert.True(await store.RequestCancelAsync(claim.Task.Id, "user asked", Ct));

        Assert.True((await store.GetAsync(claim.Task.Id, Ct))!.CancelRequested);
        Assert.Equal(LeaseRenewal.CancelRequested, await store.RenewAsync(claim.Lease, LeaseTime, Ct));
        var cancel = Assert.Single(await JournalAsync(store, claim.Task.Id), e => e.Kind == JournalKinds.CancelRequested);
        Assert.Contains("user asked", cancel.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestCancel_NotRunning_ReturnsFalse()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);

        Assert.False(await store.RequestCancelAsync(task.Id, "too early", Ct));
        Assert.False(await store.RequestCancelAsync(4242, "no such task", Ct));
        Assert.False((await store.GetAsync(task.Id, Ct))!.CancelRequested);
    }
}
