using Errand.Fleets;
using Errand.Journal;
using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>
/// The contract of <see cref="IFleetStore"/>: at most max_parallel slices released and unfinished at any moment, the
/// next released in the same transaction as an end, the fan-in enqueued exactly once by the last end, the failure
/// policy and cancellation kept by the store.
/// </summary>
public abstract class FleetStoreCompliance : StoreCompliance
{
    [Fact]
    public async Task CreateFleet_TenSlicesMaxThree_ReleasesThreeTaggedTasksRestPending()
    {
        var store = await CreateStoreAsync();

        var fleet = await store.CreateFleetAsync(Fleet(10, maxParallel: 3), Ct);

        Assert.Equal(FleetState.Running, fleet.State);
        Assert.Equal(new FleetCounts { Pending = 7, Released = 3 }, fleet.Counts);
        var slices = await store.ListSlicesAsync(fleet.Id, Ct);
        Assert.Equal(Enumerable.Range(0, 10), slices.Select(s => s.Index));
        Assert.All(slices.Take(3), s => Assert.Equal((SliceState.Released, TaskState.Queued), (s.State, s.TaskState!.Value)));
        Assert.All(slices.Skip(3), s => Assert.Null(s.TaskId));
        Assert.Equal("slice 4", slices[3].Title);
        var first = slices[0].TaskId!.Value;
        Assert.Equal(new FleetMembership(fleet.Id, 0), await store.FleetOfTaskAsync(first, Ct));
        Assert.Equal([JournalKinds.Submitted, JournalKinds.FleetReleased], await KindsAsync(store, first));
        Assert.Equal(3, (await store.ListAsync(new TaskQuery { States = [TaskState.Queued] }, Ct)).Count);
    }

    [Fact]
    public async Task CreateFleet_NoSlicesOrNoParallelism_RefusedAndNothingStored()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateFleetAsync(Fleet(0), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateFleetAsync(Fleet(3) with { MaxParallel = 0 }, Ct));

        Assert.Empty(await store.ListFleetsAsync(10, Ct));
        Assert.Empty(await store.ListAsync(new TaskQuery(), Ct));
    }

    [Fact]
    public async Task Transition_SliceEnds_NextReleasedInTheSameChange()
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Fleet(5, maxParallel: 2), Ct);
        var claim = Assert.Single(await store.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct));

        await EndAsync(store, claim, TaskState.Succeeded);

        var slices = await store.ListSlicesAsync(fleet.Id, Ct);
        Assert.Equal(
            [SliceState.Succeeded, SliceState.Released, SliceState.Released, SliceState.Pending, SliceState.Pending],
            slices.Select(s => s.State));
        Assert.Equal(TaskState.Queued, slices[2].TaskState);
        Assert.NotNull(slices[0].EndedAt);
    }

    [Fact]
    public async Task Transition_LastSliceEnds_FanInEnqueuedOnceAndItsEndFinishesTheFleet()
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Fleet(4, maxParallel: 2), Ct);

        var ended = await RunSlicesAsync(store, fleet.Id, i => i == 2 ? TaskState.Failed : TaskState.Succeeded);

        Assert.Equal(4, ended);
        var fanningIn = (await store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal(FleetState.FanningIn, fanningIn.State);
        Assert.Equal(new FleetCounts { Succeeded = 3, Failed = 1 }, fanningIn.Counts);
        var fanIn = Assert.Single(await store.ListAsync(new TaskQuery { States = [TaskState.Queued] }, Ct));
        Assert.Equal(fanningIn.FanInTaskId, fanIn.Id);
        Assert.Equal("fleet: report", fanIn.Title);
        Assert.Equal(new FleetMembership(fleet.Id, null), await store.FleetOfTaskAsync(fanIn.Id, Ct));

        var claim = await ClaimAsync(store, fanIn.Id);
        await EndAsync(store, claim, TaskState.Succeeded, """{"summary":"3 of 4 slices succeeded"}""");

        var done = (await store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal(FleetState.Succeeded, done.State);
        Assert.Equal("""{"summary":"3 of 4 slices succeeded"}""", done.ResultJson);
        Assert.Equal(Time.GetUtcNow(), done.FinishedAt);
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w1", 10, LeaseTime), Ct));
    }

    [Fact]
    public async Task Transition_ManyWorkersOnTwoStoreInstances_CapNeverExceededAndOneFanIn()
    {
        const int slices = 60;
        const int maxParallel = 4;
        var first = await CreateStoreAsync();
        var second = await OpenAnotherAsync();
        var fleet = await first.CreateFleetAsync(Fleet(slices, maxParallel), Ct);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var samples = 0;

        // Every snapshot of the fleet, taken while the workers race, must hold the cap: released slices and slice tasks
        // not ended are both at most max_parallel.
        var watcher = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var now = await second.ListSlicesAsync(fleet.Id, CancellationToken.None);
                Assert.InRange(now.Count(s => s.State == SliceState.Released), 0, maxParallel);
                Assert.InRange(now.Count(s => s.TaskState is { } t && !t.IsTerminal()), 0, maxParallel);
                samples++;
            }
        }, CancellationToken.None);
        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(() => WorkAsync(w % 2 == 0 ? first : second, $"w{w}", fleet.Id), Ct)).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2), Ct);
        await done.CancelAsync();
        await watcher;

        var after = (await first.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal(FleetState.FanningIn, after.State);
        Assert.Equal(new FleetCounts { Succeeded = slices }, after.Counts);
        var queued = await first.ListAsync(new TaskQuery { States = [TaskState.Queued] }, Ct);
        Assert.Equal(after.FanInTaskId, Assert.Single(queued).Id);
        Assert.Equal(slices + 1, (await first.ListAsync(new TaskQuery { Limit = 1000 }, Ct)).Count);
        Assert.True(samples > 0);
    }

    [Fact]
    public async Task Transition_StopAfterOneFailure_PendingSkippedReleasedListedToStopThenFanIn()
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Fleet(6, maxParallel: 3) with { StopAfter = 1 }, Ct);
        var claims = await store.ClaimAsync(new ClaimRequest("w1", 2, LeaseTime), Ct);
        Assert.Empty(await store.ListSlicesToStopAsync(Ct));

        await EndAsync(store, claims[0], TaskState.Failed);

        var stopping = (await store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal(FleetState.Stopping, stopping.State);
        Assert.Equal("stopped after 1 failed slice (on_failure: stop_after 1)", stopping.Reason);
        Assert.Equal(new FleetCounts { Released = 2, Failed = 1, Other = 3 }, stopping.Counts);
        Assert.Null(stopping.FanInTaskId);
        var slices = await store.ListSlicesAsync(fleet.Id, Ct);
        Assert.Equal(SliceState.Skipped, slices[5].State);
        // The running slice and the queued one are the caller's to cancel; one already asked to cancel is not listed again.
        var queued = slices[2].TaskId!.Value;
        Assert.Equal(
            [new SliceToStop(fleet.Id, claims[1].Task.Id, stopping.Reason!), new SliceToStop(fleet.Id, queued, stopping.Reason!)],
            await store.ListSlicesToStopAsync(Ct));
        Assert.True(await store.RequestCancelAsync(claims[1].Task.Id, "fleet stopped", Ct));
        Assert.Equal([queued], (await store.ListSlicesToStopAsync(Ct)).Select(s => s.TaskId));
        Assert.True((await store.TransitionAsync(new TaskTransition(queued, [TaskState.Queued], TaskState.Cancelled), Ct)).Applied);
        Assert.Empty(await store.ListSlicesToStopAsync(Ct));

        await EndAsync(store, claims[1], TaskState.Cancelled);

        var fanningIn = (await store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal(FleetState.FanningIn, fanningIn.State);
        Assert.NotNull(fanningIn.FanInTaskId);
    }

    [Fact]
    public async Task Reclaim_SliceOutOfAttempts_FailsItAndReleasesTheNext()
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Fleet(2, maxParallel: 1, maxAttempts: 1), Ct);
        Assert.Single(await store.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct));
        Time.Advance(LeaseTime + TimeSpan.FromSeconds(1));

        var reclaimed = Assert.Single(await store.ReclaimExpiredAsync(Ct));

        Assert.Equal(TaskState.Failed, reclaimed.NewState);
        var slices = await store.ListSlicesAsync(fleet.Id, Ct);
        Assert.Equal([SliceState.Failed, SliceState.Released], slices.Select(s => s.State));
        Assert.Equal(TaskState.Queued, slices[1].TaskState);
    }

    [Fact]
    public async Task Reclaim_FanInOutOfAttempts_FleetFailsAndTheRowsForItsEndAreWrittenWithIt()
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Fleet(1, maxParallel: 1) with { FanIn = Submission("fleet: report", 1) }, Ct);
        await RunSlicesAsync(store, fleet.Id, _ => TaskState.Succeeded);
        var fanIn = (await store.GetFleetAsync(fleet.Id, Ct))!.FanInTaskId!.Value;
        await ClaimAsync(store, fanIn);
        Time.Advance(LeaseTime + TimeSpan.FromSeconds(1));
        TaskRecord? seen = null;

        var reclaimed = Assert.Single(await store.ReclaimExpiredAsync(t =>
        {
            seen = t;
            return [new OutboxMessage($"fleet-finished-{t.Id}-f{t.Fence}", "hook", "fleet_finished", """{"state":"failed"}""")];
        }, Ct));

        Assert.Equal((fanIn, TaskState.Failed), (reclaimed.TaskId, reclaimed.NewState));
        Assert.Equal((fanIn, TaskState.Failed), (seen!.Id, seen.State));
        Assert.StartsWith("lost its worker", seen.Reason, StringComparison.Ordinal);
        var row = Assert.Single(await store.ListOutboxAsync(new OutboxQuery(), Ct));
        Assert.Equal((fanIn, "fleet_finished", $"fleet-finished-{fanIn}-f{seen.Fence}"), (row.TaskId, row.Message.Event, row.Message.Key));
        Assert.Equal(FleetState.Failed, (await store.GetFleetAsync(fleet.Id, Ct))!.State);
    }

    [Fact]
    public async Task CancelFleet_Running_PendingCancelledUnfinishedListedNoFanInNotified()
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Fleet(5, maxParallel: 2), Ct);
        var running = Assert.Single(await store.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct));
        var note = new OutboxMessage("fleet-cancelled-1", "hook", "fleet_finished", """{"state":"cancelled"}""");

        var cancellation = await store.CancelFleetAsync(fleet.Id, "not needed", [note], Ct);

        Assert.Equal((true, true), (cancellation.Found, cancellation.Cancelled));
        var released = (await store.ListSlicesAsync(fleet.Id, Ct)).Where(s => s.State == SliceState.Released).Select(s => s.TaskId!.Value);
        Assert.Equal(released.Order(), cancellation.Unfinished.Order());
        var cancelled = (await store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal((FleetState.Cancelled, "not needed"), (cancelled.State, cancelled.Reason));
        Assert.Equal(new FleetCounts { Released = 2, Other = 3 }, cancelled.Counts);
        var row = Assert.Single(await store.ListOutboxAsync(new OutboxQuery(), Ct));
        Assert.Equal(("fleet_finished", null), (row.Message.Event, row.TaskId));

        // The released tasks end (cancelled through the usual path): nothing is released, no fan-in starts.
        await EndAsync(store, running, TaskState.Cancelled);
        var queued = Assert.Single(await store.ListAsync(new TaskQuery { States = [TaskState.Queued] }, Ct));
        Assert.True((await store.TransitionAsync(new TaskTransition(queued.Id, [TaskState.Queued], TaskState.Cancelled), Ct)).Applied);
        var after = (await store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal((FleetState.Cancelled, (long?)null), (after.State, after.FanInTaskId));
        Assert.Empty(await store.ListAsync(new TaskQuery { States = [TaskState.Queued] }, Ct));
        Assert.Equal((true, false), ((await store.CancelFleetAsync(fleet.Id, "again", [], Ct)) is var again ? (again.Found, again.Cancelled) : default));
        Assert.False((await store.CancelFleetAsync(fleet.Id + 100, "none", [], Ct)).Found);
    }

    [Fact]
    public async Task ListFleets_Two_NewestFirstWithCounts()
    {
        var store = await CreateStoreAsync();
        var older = await store.CreateFleetAsync(Fleet(3, maxParallel: 1), Ct);
        var newer = await store.CreateFleetAsync(Fleet(2, maxParallel: 5), Ct);

        var fleets = await store.ListFleetsAsync(10, Ct);

        Assert.Equal([newer.Id, older.Id], fleets.Select(f => f.Id));
        Assert.Equal(new FleetCounts { Released = 2 }, fleets[0].Counts);
        Assert.Equal(new FleetCounts { Released = 1, Pending = 2 }, fleets[1].Counts);
        Assert.Equal(older with { UpdatedAt = fleets[1].UpdatedAt }, fleets[1]);
    }

    private static NewFleet Fleet(int slices, int maxParallel = 4, int maxAttempts = 3) =>
        new("fleet", FleetKinds.Fleet, FanInKinds.Report, """{"title":"fleet"}""",
            [.. Enumerable.Range(0, slices).Select(i => new NewFleetSlice($"s{i}", Submission($"slice {i + 1}", maxAttempts)))],
            Submission("fleet: report"))
        {
            MaxParallel = maxParallel,
        };

    private static async Task EndAsync(IErrandStore store, TaskClaim claim, TaskState to, string? result = null)
    {
        var outcome = await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Running], to) { Lease = claim.Lease, Reason = to.ToWireName(), ResultJson = result }, Ct);
        Assert.True(outcome.Applied);
    }

    // Claims and ends the fleet's slices one at a time until none is queued; returns how many ended.
    private static async Task<int> RunSlicesAsync(IErrandStore store, long fleetId, Func<int, TaskState> endAs)
    {
        var ended = 0;
        while ((await store.ClaimAsync(new ClaimRequest("w1", 1, LeaseTime), Ct)) is [var claim])
        {
            var member = await store.FleetOfTaskAsync(claim.Task.Id, Ct);
            Assert.Equal(fleetId, member!.FleetId);
            if (member.Slice is not { } slice)
            {
                await store.ReleaseAsync(claim.Lease, "a test leaves the fan-in queued", Ct);
                break;
            }

            await EndAsync(store, claim, endAs(slice));
            ended++;
        }

        return ended;
    }

    // A worker: claims and succeeds slices until the fan-in is the only work left.
    private static async Task WorkAsync(IErrandStore store, string worker, long fleetId)
    {
        while (true)
        {
            var fleet = (await store.GetFleetAsync(fleetId, Ct))!;
            if (fleet.State != FleetState.Running)
            {
                return;
            }

            var claims = await store.ClaimAsync(new ClaimRequest(worker, 1, LeaseTime), Ct);
            if (claims is not [var claim])
            {
                await store.WaitForWorkAsync(TimeSpan.FromMilliseconds(20), Ct);
                continue;
            }

            if ((await store.FleetOfTaskAsync(claim.Task.Id, Ct))!.Slice is null)
            {
                await store.ReleaseAsync(claim.Lease, "the test leaves the fan-in queued", Ct);
                return;
            }

            await EndAsync(store, claim, TaskState.Succeeded);
        }
    }
}
