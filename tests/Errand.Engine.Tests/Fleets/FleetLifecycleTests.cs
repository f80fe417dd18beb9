using Errand.Fleets;
using Errand.Json;
using Errand.Notifications;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Engine.Tests.Fleets;

/// <summary>A fleet's end as its channels hear it, and cancelling one with slices running.</summary>
public sealed class FleetLifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RunFleet_Finishes_OneFleetFinishedRowAndNoneForTheSlices()
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        var template = h.Template("Write {{slice}}", "echo {{slice}} > {{slice}}.txt", new FleetSpec { MaxParallel = 3 }) with { Notify = ["hook"] };
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForSlices(template, ["a", "b", "c"]), TestContext.Current.CancellationToken);
        h.StartWorkers(count: 1, concurrency: 3);

        var done = await h.WaitForFleetAsync(fleet.Id, Patience);

        Assert.Equal(FleetState.Succeeded, done.State);
        var rows = await h.Store.ListOutboxAsync(new OutboxQuery(), TestContext.Current.CancellationToken);
        Assert.All(rows, r => Assert.Equal(done.FanInTaskId, r.TaskId));
        var finished = Assert.Single(rows, r => r.Message.Event == NotificationEvents.FleetFinished);
        var payload = ErrandJson.Deserialize<NotificationPayload>(finished.Message.PayloadJson);
        Assert.Equal(("Write …", "succeeded", "3 of 3 slices succeeded"), (payload.Subject, payload.State, payload.Summary));
    }

    [Fact]
    public async Task CancelFleet_SlicesRunning_RunningAndQueuedCancelledPendingNeverRunNoFanIn()
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        var template = h.Template("Wait {{slice}}", "sleep 60", new FleetSpec { MaxParallel = 2 }) with { Notify = ["hook"] };
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForSlices(template, ["a", "b", "c", "d", "e"]), TestContext.Current.CancellationToken);
        h.StartWorkers(count: 1, concurrency: 1, lease: TimeSpan.FromSeconds(3));
        var running = await WaitForSliceAsync(h, fleet.Id, TaskState.Running);

        var cancellation = await h.Transitions.CancelFleetAsync(fleet.Id, "wrong template", TestContext.Current.CancellationToken);

        Assert.True(cancellation.Cancelled);
        Assert.Contains(running, cancellation.Unfinished);
        Assert.Equal(2, cancellation.Unfinished.Count);
        foreach (var task in cancellation.Unfinished)
        {
            using var wait = new CancellationTokenSource(Patience);
            while ((await h.Store.GetAsync(task, CancellationToken.None))!.State != TaskState.Cancelled)
            {
                await h.Store.WaitForWorkAsync(TimeSpan.FromMilliseconds(100), wait.Token);
            }
        }

        var after = (await h.Store.GetFleetAsync(fleet.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal((FleetState.Cancelled, (long?)null), (after.State, after.FanInTaskId));
        Assert.Equal(new FleetCounts { Other = 5 }, after.Counts);
        Assert.Equal(2, (await h.Store.ListSlicesAsync(fleet.Id, TestContext.Current.CancellationToken)).Count(s => s.TaskId is not null));
        var finished = Assert.Single(await h.Store.ListOutboxAsync(new OutboxQuery(), TestContext.Current.CancellationToken));
        Assert.Equal((NotificationEvents.FleetFinished, "cancelled"),
            (finished.Message.Event, ErrandJson.Deserialize<NotificationPayload>(finished.Message.PayloadJson).State));
    }

    private static async Task<long> WaitForSliceAsync(FleetHarness h, long fleetId, TaskState state)
    {
        using var wait = new CancellationTokenSource(Patience);
        while (true)
        {
            var slices = await h.Store.ListSlicesAsync(fleetId, CancellationToken.None);
            if (slices.FirstOrDefault(s => s.TaskState == state) is { TaskId: { } id })
            {
                return id;
            }

            await h.Store.WaitForWorkAsync(TimeSpan.FromMilliseconds(50), wait.Token);
        }
    }
}
