using Errand.Fleets;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Engine.Tests.Fleets;

/// <summary>
/// <c>on_failure: { stop_after: N }</c> means stop: at the Nth failed slice the pending slices are skipped and the
/// running ones cancelled (their work kept on their branches, their journals saying why), then the fan-in reports.
/// </summary>
public sealed class FleetStopAfterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunFleet_StopAfterOneFailure_RunningSliceCancelledWithItsWorkKeptPendingSkippedFanInReports(bool postgres)
    {
        await using var h = await FleetHarness.CreateAsync(postgres);
        // "slow" writes its work and runs for a minute; "bad" fails once "slow" is under way; "never" is pending.
        var started = Path.Combine(h.Repo.DataDir, "slow-started");
        var command = $"case {{{{slice}}}} in slow) echo slow > slow.txt; touch '{started}'; sleep 60;; " +
            $"bad) until [ -f '{started}' ]; do sleep 0.05; done; exit 1;; esac";
        var template = h.Template("Run {{slice}}", command, new FleetSpec { MaxParallel = 2, StopAfter = 1 });
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForSlices(template, ["slow", "bad", "never"], maxAttempts: 1), Ct);
        h.StartWorkers(count: 1, concurrency: 2);

        // Well inside the minute "slow" would otherwise run for: it is stopped, not waited for.
        var done = await h.WaitForFleetAsync(fleet.Id, TimeSpan.FromSeconds(45));

        Assert.Equal(FleetState.Failed, done.State);
        var slices = await h.Store.ListSlicesAsync(fleet.Id, Ct);
        Assert.Equal(
            [(SliceState.Cancelled, TaskState.Cancelled), (SliceState.Failed, TaskState.Failed)],
            slices.Take(2).Select(s => (s.State, s.TaskState!.Value)));
        Assert.Equal((SliceState.Skipped, (long?)null), (slices[2].State, slices[2].TaskId));
        var slow = (await h.Store.GetAsync(slices[0].TaskId!.Value, Ct))!;
        var journal = await h.JournalAsync(slow.Id);
        var request = Assert.Single(journal, e => e.Kind == JournalKinds.CancelRequested);
        Assert.Equal($"cancel requested: fleet #{fleet.Id} stopped after 1 failed slice (on_failure: stop_after 1)", request.Message);
        var branch = ErrandJson.Deserialize<TaskResult>(slow.ResultJson!).Branch;
        Assert.Equal("slow", h.Repo.Git("show", $"{branch}:slow.txt").Trim());
        var fanIn = (await h.Store.GetAsync(done.FanInTaskId!.Value, Ct))!;
        Assert.Equal(TaskState.Failed, fanIn.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LeaseReaper_FailureWrittenWithoutStoppingTheOthers_RunningSliceAskedToCancelOnItsNextPass(bool postgres)
    {
        await using var h = await FleetHarness.CreateAsync(postgres);
        var template = h.Template("Run {{slice}}", "true", new FleetSpec { MaxParallel = 2, StopAfter = 1 });
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForSlices(template, ["a", "b", "c"], maxAttempts: 1), Ct);
        var claims = await h.Store.ClaimAsync(new ClaimRequest("elsewhere", 2, TimeSpan.FromMinutes(10)), Ct);
        // The failure is written straight to the store, as by a process that died before stopping the fleet's other slice.
        Assert.True((await h.Store.TransitionAsync(
            new TaskTransition(claims[0].Task.Id, [TaskState.Running], TaskState.Failed) { Lease = claims[0].Lease, Reason = "broke" }, Ct)).Applied);
        Assert.Equal(claims[1].Task.Id, Assert.Single(await h.Store.ListSlicesToStopAsync(Ct)).TaskId);

        h.StartWorkers(count: 1, concurrency: 1);

        using var wait = new CancellationTokenSource(Patience);
        JournalEvent? request;
        while ((request = (await h.JournalAsync(claims[1].Task.Id)).SingleOrDefault(e => e.Kind == JournalKinds.CancelRequested)) is null)
        {
            await h.Store.WaitForWorkAsync(TimeSpan.FromMilliseconds(100), wait.Token);
        }

        Assert.Equal($"cancel requested: fleet #{fleet.Id} stopped after 1 failed slice (on_failure: stop_after 1)", request.Message);
        Assert.Empty(await h.Store.ListSlicesToStopAsync(Ct));
        Assert.Equal(FleetState.Stopping, (await h.Store.GetFleetAsync(fleet.Id, Ct))!.State);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
