using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Notifications.Channels.Webhook;
using Errand.Storage;
using Errand.Storage.Sqlite;

namespace Errand.Cli.Tests.Durability;

/// <summary>kill -9 a worker between a task's state change and its notification's delivery: the next worker delivers it, same delivery id.</summary>
public sealed class NotificationCrashTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task KilledWorker_NotificationInFlight_DeliveredByTheNextWorkerWithTheSameDeliveryId()
    {
        // A 2 s attempt timeout makes the claim visible again 4 s after a dead worker took it.
        await using var setup = await NotifySetup.StartAsync(url => $$"""
            notify:
              delivery: { timeout: 2s }
              channels:
                hook: { type: webhook, url: "{{url}}", secret: HOOK_KEY }
            """);
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        setup.Receiver.Respond = async (n, ct) =>
        {
            if (n == 0)
            {
                // The first worker's attempt hangs here until that worker dies (its connection drops).
                firstArrived.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            return 200;
        };
        var (submitted, id, submitAll) = await setup.RunAsync("submit", setup.Spec("hook"));
        Assert.True(submitted == 0, submitAll);
        var taskId = long.Parse(id.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);

        await using (var workerA = setup.Start("worker", "--id", "worker-a", "--poll", "100ms"))
        {
            await firstArrived.Task.WaitAsync(Patience);
            workerA.Signal(Native.SigKill);
            await workerA.WaitForExitAsync(Patience);
        }

        // The task's end and its outbox row were committed together, before the delivery that died with the worker.
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = Path.Combine(setup.Repo.DataDir, "errand.db") });
        Assert.Equal(Errand.Tasks.TaskState.Succeeded, (await store.GetAsync(taskId, CancellationToken.None))!.State);
        var row = Assert.Single(await store.ListOutboxAsync(new OutboxQuery(), CancellationToken.None));
        Assert.Equal((OutboxState.Pending, 0), (row.State, row.Attempts));

        await using var workerB = setup.Start("worker", "--id", "worker-b", "--poll", "100ms");
        var requests = await setup.Receiver.WaitForAsync(2, Patience);

        Assert.Equal(row.Message.Key, requests[0].Header(WebhookHeaders.Delivery));
        Assert.Equal(row.Message.Key, requests[1].Header(WebhookHeaders.Delivery));
        var accepted = requests[1];
        var timestamp = long.Parse(accepted.Header(WebhookHeaders.Timestamp), CultureInfo.InvariantCulture);
        Assert.True(WebhookSignature.Verify(NotifySetup.HookKey, timestamp, accepted.Body, accepted.Header(WebhookHeaders.Signature)));
        var body = JsonDocument.Parse(accepted.Body).RootElement;
        Assert.Equal("succeeded", body.GetProperty("event").GetString());
        Assert.Equal(taskId, body.GetProperty("task").GetProperty("id").GetInt64());
        var delivered = await WaitForDeliveredAsync(store, row.Id);
        Assert.Equal(1, delivered.Attempts);
        Assert.Equal(2, setup.Receiver.Requests.Count);
    }

    private static async Task<OutboxRecord> WaitForDeliveredAsync(SqliteStore store, long id)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (true)
        {
            var row = (await store.ListOutboxAsync(new OutboxQuery(), CancellationToken.None)).Single(r => r.Id == id);
            if (row.State == OutboxState.Delivered)
            {
                return row;
            }

            await Task.Delay(50, cts.Token);
        }
    }
}
