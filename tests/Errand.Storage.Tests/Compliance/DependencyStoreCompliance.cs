using Errand.Dependencies;
using Errand.Journal;
using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="IDependencyStore"/>: scheduled until the last prerequisite succeeds, queued in its transaction.</summary>
public abstract class DependencyStoreCompliance : StoreCompliance
{
    [Fact]
    public async Task Enqueue_PrerequisiteUnfinished_ScheduledWithReasonAndNeverClaimed()
    {
        var store = await CreateStoreAsync();
        var first = await store.EnqueueAsync(Submission("first"), Ct);

        var second = await store.EnqueueAsync(Submission("second") with { Name = "second", After = [Prerequisite.OnTask(first.Id)] }, Ct);

        Assert.Equal(TaskState.Scheduled, second.State);
        Assert.Equal($"waiting for #{first.Id}", second.Reason);
        Assert.Equal("second", second.Name);
        Assert.Equal(second, await store.GetAsync(second.Id, Ct));
        var claims = await store.ClaimAsync(new ClaimRequest("w1", 10, LeaseTime), Ct);
        Assert.Equal([first.Id], claims.Select(c => c.Task.Id));
        await AssertLinksAsync(store, second.Id, [first.Id], []);
        await AssertLinksAsync(store, first.Id, [], [second.Id]);
    }

    [Fact]
    public async Task Enqueue_PrerequisiteAlreadySucceeded_Queued()
    {
        var store = await CreateStoreAsync();
        var first = await RunningTaskAsync(store);
        await FinishAsync(store, first, TaskState.Succeeded);

        var second = await store.EnqueueAsync(Submission("second") with { After = [Prerequisite.OnTask(first.Task.Id)] }, Ct);

        Assert.Equal(TaskState.Queued, second.State);
        Assert.Equal(second.Id, (await ClaimAsync(store, second.Id)).Task.Id);
    }

    [Fact]
    public async Task Transition_LastPrerequisiteSucceeds_DependantQueuedInTheSameChange()
    {
        var store = await CreateStoreAsync();
        var a = await store.EnqueueAsync(Submission("a"), Ct);
        var b = await store.EnqueueAsync(Submission("b"), Ct);
        var c = await store.EnqueueAsync(Submission("c") with { After = [Prerequisite.OnTask(a.Id), Prerequisite.OnTask(b.Id)] }, Ct);
        var claims = await store.ClaimAsync(new ClaimRequest("w1", 2, LeaseTime), Ct);

        await FinishAsync(store, claims[0], TaskState.Succeeded);
        Assert.Equal(TaskState.Scheduled, (await store.GetAsync(c.Id, Ct))!.State);
        await FinishAsync(store, claims[1], TaskState.Succeeded);

        // No poll, no timer: the success itself queued it.
        var released = (await store.GetAsync(c.Id, Ct))!;
        Assert.Equal(TaskState.Queued, released.State);
        Assert.Equal(DependencyReasons.Released, released.Reason);
        var state = Assert.Single(await JournalAsync(store, c.Id), e => e.Kind == JournalKinds.State);
        Assert.Equal($"scheduled → queued: {DependencyReasons.Released}", state.Message);
        Assert.Equal(c.Id, (await ClaimAsync(store, c.Id)).Task.Id);
    }

    [Fact]
    public async Task Transition_SuccessOfStaleOwner_ReleasesNothing()
    {
        var store = await CreateStoreAsync();
        var a = await RunningTaskAsync(store);
        var b = await store.EnqueueAsync(Submission("b") with { After = [Prerequisite.OnTask(a.Task.Id)] }, Ct);
        Assert.True(await store.ReleaseAsync(a.Lease, "handed back", Ct));

        var outcome = await store.TransitionAsync(new TaskTransition(a.Task.Id, [TaskState.Running], TaskState.Succeeded) { Lease = a.Lease }, Ct);

        Assert.Equal(TransitionStatus.FenceLost, outcome.Status);
        Assert.Equal(TaskState.Scheduled, (await store.GetAsync(b.Id, Ct))!.State);
    }

    [Fact]
    public async Task Transition_PrerequisiteFails_DependantStaysScheduledAndIsListedBlocked()
    {
        var store = await CreateStoreAsync();
        var a = await RunningTaskAsync(store);
        var named = await store.EnqueueAsync(Submission("a2") with { Name = "other" }, Ct);
        var b = await store.EnqueueAsync(Submission("b") with { After = [Prerequisite.OnTask(a.Task.Id), Prerequisite.OnTask(named.Id)] }, Ct);
        Assert.Empty(await store.ListBlockedAsync(10, Ct));

        await FinishAsync(store, a, TaskState.Failed);

        Assert.Equal(TaskState.Scheduled, (await store.GetAsync(b.Id, Ct))!.State);
        var blocked = Assert.Single(await store.ListBlockedAsync(10, Ct));
        Assert.Equal((b.Id, a.Task.Id, TaskState.Failed), (blocked.Task.Id, blocked.PrerequisiteId, blocked.PrerequisiteState));
        Assert.Equal(TaskState.Scheduled, blocked.Task.State);
    }

    [Fact]
    public async Task EnqueueBatch_RefsWithinBatch_ChainLinkedAndOnlyTheHeadQueued()
    {
        var store = await CreateStoreAsync();

        // c waits for b, which comes later in the batch; b waits for a.
        var tasks = await store.EnqueueBatchAsync(
        [
            Submission("a") with { Name = "a" },
            Submission("c") with { Name = "c", After = [Prerequisite.InBatch(2)] },
            Submission("b") with { Name = "b", After = [Prerequisite.InBatch(0)] },
        ], Ct);

        Assert.Equal([TaskState.Queued, TaskState.Scheduled, TaskState.Scheduled], tasks.Select(t => t.State));
        Assert.Equal($"waiting for #{tasks[2].Id}", tasks[1].Reason);
        Assert.Equal($"waiting for #{tasks[2].Id}", (await store.GetAsync(tasks[1].Id, Ct))!.Reason);
        await AssertLinksAsync(store, tasks[2].Id, [tasks[0].Id], [tasks[1].Id]);

        await FinishAsync(store, await ClaimAsync(store, tasks[0].Id), TaskState.Succeeded);
        await FinishAsync(store, await ClaimAsync(store, tasks[2].Id), TaskState.Succeeded);
        Assert.Equal(tasks[1].Id, (await ClaimAsync(store, tasks[1].Id)).Task.Id);
    }

    [Fact]
    public async Task EnqueueBatch_Cycle_RefusedWithNothingWritten()
    {
        var store = await CreateStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueBatchAsync(
        [
            Submission("a") with { Name = "a", After = [Prerequisite.InBatch(2)] },
            Submission("b") with { Name = "b", After = [Prerequisite.InBatch(0)] },
            Submission("c") with { Name = "c", After = [Prerequisite.InBatch(1)] },
        ], Ct));

        Assert.Contains("a → c → b → a", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListAsync(new TaskQuery(), Ct));
    }

    [Fact]
    public async Task EnqueueBatch_UnknownPrerequisite_RefusedWithNothingWritten()
    {
        var store = await CreateStoreAsync();
        var existing = await store.EnqueueAsync(Submission("existing"), Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueBatchAsync(
        [
            Submission("a"),
            Submission("b") with { After = [Prerequisite.OnTask(existing.Id), Prerequisite.OnTask(999_999)] },
        ], Ct));

        Assert.Contains("#999999", error.Message, StringComparison.Ordinal);
        Assert.Equal([existing.Id], (await store.ListAsync(new TaskQuery(), Ct)).Select(t => t.Id));
    }

    [Fact]
    public async Task FindNamed_SeveralWithTheName_NewestOrNull()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync(Submission("old") with { Name = "build" }, Ct);
        var newer = await store.EnqueueAsync(Submission("new") with { Name = "build" }, Ct);
        await store.EnqueueAsync(Submission("other") with { Name = "test" }, Ct);

        Assert.Equal(newer.Id, await store.FindNamedAsync("build", Ct));
        Assert.Null(await store.FindNamedAsync("deploy", Ct));
    }

    [Fact]
    public async Task Transition_TwoPrerequisitesSucceedAtOnceOnTwoStores_DependantQueuedExactlyOnce()
    {
        var one = await CreateStoreAsync();
        var two = await OpenAnotherAsync();
        for (var round = 0; round < 15; round++)
        {
            var a = await one.EnqueueAsync(Submission($"a{round}"), Ct);
            var b = await one.EnqueueAsync(Submission($"b{round}"), Ct);
            var c = await one.EnqueueAsync(Submission($"c{round}") with { After = [Prerequisite.OnTask(a.Id), Prerequisite.OnTask(b.Id)] }, Ct);
            var claimA = await ClaimAsync(one, a.Id, "w1");
            var claimB = await ClaimAsync(two, b.Id, "w2");

            // Both successes race: each worker's store finishes one prerequisite of the same dependant at the same moment.
            using var start = new Barrier(2);
            await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(Ct); return FinishAsync(one, claimA, TaskState.Succeeded); }, Ct),
                Task.Run(() => { start.SignalAndWait(Ct); return FinishAsync(two, claimB, TaskState.Succeeded); }, Ct));

            Assert.Equal(TaskState.Queued, (await one.GetAsync(c.Id, Ct))!.State);
            Assert.Single(await JournalAsync(one, c.Id), e => e.Kind == JournalKinds.State);
            await FinishAsync(two, await ClaimAsync(two, c.Id, "w3"), TaskState.Succeeded);
        }
    }

    private static async Task AssertLinksAsync(IErrandStore store, long taskId, long[] prerequisites, long[] dependants)
    {
        var links = await store.GetLinksAsync(taskId, Ct);
        Assert.Equal(prerequisites, links.Prerequisites);
        Assert.Equal(dependants, links.Dependants);
    }

    private static async Task FinishAsync(IErrandStore store, TaskClaim claim, TaskState to)
    {
        var outcome = await store.TransitionAsync(new TaskTransition(claim.Task.Id, [TaskState.Running], to) { Lease = claim.Lease }, Ct);
        Assert.True(outcome.Applied, $"{claim.Task.Id} → {to}: {outcome.Status}");
    }
}
