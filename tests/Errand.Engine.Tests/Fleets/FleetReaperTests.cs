using Errand.Fleets;
using Errand.Notifications;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Engine.Tests.Fleets;

/// <summary>
/// A fleet's fan-in whose worker died out of attempts: the reaper fails it, and the fleet's channels hear fleet_finished,
/// on both stores (the store's half is in the compliance suite's <c>FleetStoreCompliance</c>).
/// </summary>
public sealed class FleetReaperTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReclaimExpired_FanInOutOfAttempts_FleetFailsAndFleetFinishedIsWrittenWithTheEnd(bool postgres)
    {
        await using var h = await FleetHarness.CreateAsync(postgres);
        var spec = h.Template("Check {{slice}}", "true", new FleetSpec { Slices = ["a"] }) with { Notify = ["hook"] };
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForSlices(spec, ["a"], maxAttempts: 1), Ct);
        var slice = Assert.Single(await h.Transitions.ClaimAsync(new ClaimRequest("w1", 1, TimeSpan.FromMinutes(1)), Ct));
        Assert.True(await h.Transitions.FinishAsync(slice, TaskState.Succeeded, "done", null, [], Ct));
        // The fan-in's worker takes it with a short lease and is never heard of again.
        var fanIn = Assert.Single(await h.Transitions.ClaimAsync(new ClaimRequest("w2", 1, TimeSpan.FromMilliseconds(200)), Ct));
        Assert.Equal((await h.Store.GetFleetAsync(fleet.Id, Ct))!.FanInTaskId, fanIn.Task.Id);

        var reclaimed = await ReapAsync(h);

        Assert.Equal((fanIn.Task.Id, TaskState.Failed), (reclaimed.TaskId, reclaimed.NewState));
        var done = (await h.Store.GetFleetAsync(fleet.Id, Ct))!;
        Assert.Equal(FleetState.Failed, done.State);
        var rows = await h.Store.ListOutboxAsync(new OutboxQuery { TaskId = fanIn.Task.Id }, Ct);
        Assert.Equal([NotificationEvents.Failed, NotificationEvents.FleetFinished], rows.Select(r => r.Message.Event).Order());
        var finished = rows.Single(r => r.Message.Event == NotificationEvents.FleetFinished);
        Assert.Contains("\"state\":\"failed\"", finished.Message.PayloadJson, StringComparison.Ordinal);
        Assert.Contains("lost its worker", finished.Message.PayloadJson, StringComparison.Ordinal);
    }

    // The lease lapses in real time: reap until the fan-in is taken back, within a generous bound for a loaded machine.
    private static async Task<ReclaimedTask> ReapAsync(FleetHarness h)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            if (await h.Transitions.ReclaimExpiredAsync(Ct) is [var reclaimed])
            {
                return reclaimed;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), patience.Token);
        }
    }
}
