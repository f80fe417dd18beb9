using Errand.Fleets;
using Errand.Journal;
using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>
/// The contract of a fleet whose planner proposes its slices: created with no slices and its planner queued; the
/// planner's success stores the slices it hands over and releases the first in that same change, once; any other end
/// of the planner finishes the fleet; a cancelled fleet cancels its planner.
/// </summary>
public abstract class FleetPlannerStoreCompliance : StoreCompliance
{
    [Fact]
    public async Task CreateFleet_WithPlanner_PlanningWithNoSlicesAndThePlannerQueued()
    {
        var store = await CreateStoreAsync();

        var fleet = await store.CreateFleetAsync(Planned(maxParallel: 2), Ct);

        Assert.Equal(FleetState.Planning, fleet.State);
        Assert.Equal(new FleetCounts(), fleet.Counts);
        Assert.Empty(await store.ListSlicesAsync(fleet.Id, Ct));
        var planner = Assert.Single(await store.ListAsync(new TaskQuery { States = [TaskState.Queued] }, Ct));
        Assert.Equal(fleet.PlannerTaskId, planner.Id);
        Assert.Equal("fleet: plan the slices", planner.Title);
        Assert.Equal(new FleetMembership(fleet.Id, null), await store.FleetOfTaskAsync(planner.Id, Ct));
        Assert.Equal([JournalKinds.Submitted, JournalKinds.FleetReleased], await KindsAsync(store, planner.Id));
        Assert.Equal(FleetState.Planning, Assert.Single(await store.ListFleetsAsync(10, Ct)).State);
    }

    [Fact]
    public async Task CreateFleet_PlannerAndSlicesBoth_Refused()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateFleetAsync(Planned() with { Slices = Slices(2) }, Ct));

        Assert.Empty(await store.ListFleetsAsync(10, Ct));
    }

    [Fact]
    public async Task Transition_PlannerSucceedsWithSlices_SlicesStoredAndFirstReleasedInTheSameChange()
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Planned(maxParallel: 2), Ct);
        var claim = await ClaimAsync(store, fleet.PlannerTaskId!.Value);

        await EndAsync(store, claim, TaskState.Succeeded, Slices(3));

        var running = (await store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal(FleetState.Running, running.State);
        Assert.Equal(new FleetCounts { Released = 2, Pending = 1 }, running.Counts);
        var slices = await store.ListSlicesAsync(fleet.Id, Ct);
        Assert.Equal(["s0", "s1", "s2"], slices.Select(s => s.Value));
        Assert.Equal(TaskState.Queued, slices[0].TaskState);
        Assert.Equal(new FleetMembership(fleet.Id, 1), await store.FleetOfTaskAsync(slices[1].TaskId!.Value, Ct));
    }

    [Fact]
    public async Task Transition_PlannerSucceedsAgainAfterARetry_SlicesTakenOnce()
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Planned(maxParallel: 5), Ct);
        var planner = fleet.PlannerTaskId!.Value;
        await EndAsync(store, await ClaimAsync(store, planner), TaskState.Succeeded, Slices(2));
        Assert.True((await store.TransitionAsync(new TaskTransition(planner, [TaskState.Succeeded], TaskState.Queued) { Reason = "again" }, Ct)).Applied);

        await EndAsync(store, await ClaimAsync(store, planner), TaskState.Succeeded, Slices(4));

        Assert.Equal(new FleetCounts { Released = 2 }, (await store.GetFleetAsync(fleet.Id, Ct))!.Counts);
    }

    [Theory]
    [InlineData(TaskState.Cancelled, FleetState.Cancelled, "the proposed slices were rejected by ana")]
    [InlineData(TaskState.Failed, FleetState.Failed, "the planner failed: the proposed slices were rejected by ana")]
    public async Task Transition_PlannerEndsOtherwise_FleetFinishesWithItsReasonAndNoFanIn(TaskState end, FleetState expected, string reason)
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Planned(), Ct);
        var claim = await ClaimAsync(store, fleet.PlannerTaskId!.Value);

        await EndAsync(store, claim, end, [], "the proposed slices were rejected by ana");

        var done = (await store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal((expected, reason), (done.State, done.Reason));
        Assert.Equal(Time.GetUtcNow(), done.FinishedAt);
        Assert.Null(done.FanInTaskId);
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w1", 10, LeaseTime), Ct));
    }

    [Fact]
    public async Task ReclaimExpired_PlannerOutOfAttempts_FleetFails()
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Planned(maxAttempts: 1), Ct);
        await ClaimAsync(store, fleet.PlannerTaskId!.Value);
        Time.Advance(LeaseTime + TimeSpan.FromSeconds(1));

        var reclaimed = Assert.Single(await store.ReclaimExpiredAsync(Ct));

        Assert.Equal(TaskState.Failed, reclaimed.NewState);
        var done = (await store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal(FleetState.Failed, done.State);
        Assert.StartsWith("the planner failed: lost its worker", done.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelFleet_WhilePlanning_ThePlannerIsUnfinishedAndItsLaterSuccessChangesNothing()
    {
        var store = await CreateStoreAsync();
        var fleet = await store.CreateFleetAsync(Planned(), Ct);
        var claim = await ClaimAsync(store, fleet.PlannerTaskId!.Value);

        var cancellation = await store.CancelFleetAsync(fleet.Id, "not today", [], Ct);

        Assert.Equal([fleet.PlannerTaskId!.Value], cancellation.Unfinished);
        await EndAsync(store, claim, TaskState.Succeeded, Slices(2));
        var after = (await store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal((FleetState.Cancelled, "not today"), (after.State, after.Reason));
        Assert.Empty(await store.ListSlicesAsync(fleet.Id, Ct));
    }

    private static NewFleet Planned(int maxParallel = 4, int maxAttempts = 3) =>
        new("fleet", FleetKinds.Fleet, FanInKinds.Report, """{"title":"fleet"}""", [], Submission("fleet: report"))
        {
            MaxParallel = maxParallel,
            Planner = Submission("fleet: plan the slices", maxAttempts),
        };

    private static NewFleetSlice[] Slices(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new NewFleetSlice($"s{i}", Submission($"slice {i + 1}")))];

    private static async Task EndAsync(IErrandStore store, TaskClaim claim, TaskState to, IReadOnlyList<NewFleetSlice> slices, string? reason = null)
    {
        var outcome = await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Running], to) { Lease = claim.Lease, Reason = reason ?? to.ToWireName(), FleetSlices = slices }, Ct);
        Assert.True(outcome.Applied);
    }
}
