using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Support;
using Errand.Json;
using Errand.Notifications;
using Errand.Notifications.Channels;
using Errand.Notifications.Configuration;
using Errand.Notifications.Dispatching;
using Errand.Notifications.Tests.Support;
using Errand.Storage;
using Errand.Storage.Sqlite;
using Errand.Tasks;

namespace Errand.Bench.Notifications;

/// <summary>
/// Notification delivery through the real dispatcher and a signed webhook to a loopback Kestrel receiver: how soon a
/// committed outbox row reaches the receiver when written through the dispatcher's own store (this process) and
/// through another store instance on the same file (as another process would), and how fast a burst drains.
/// </summary>
internal static class NotifyScenario
{
    public static async Task RunAsync(int samples, int burst, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("errand-bench-notify-").FullName;
        try
        {
            Console.WriteLine($"## notifications: webhook to loopback, {samples} rows each way, a burst of {burst:N0}");
            var path = Path.Combine(root, "errand.db");
            await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = path }, cancellationToken);
            await using var other = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = path }, cancellationToken);
            await using var receiver = await LoopbackReceiver.StartAsync();
            using var http = ChannelFactory.CreateHttpClient();
            var config = ConfigFile.Parse($$"""
                notify:
                  channels:
                    hook: { type: webhook, url: "{{receiver.Url}}", secret: KEY }
                """, "config.yaml").Notify;
            await using var dispatcher = new NotificationDispatcher(store, () => config,
                new ChannelFactory(http, new StaticSecrets("bench-webhook-key-0123"), TimeProvider.System), new DispatcherOptions { Delivery = config.Delivery });
            dispatcher.Start();
            var task = await store.EnqueueAsync(new NewTask("bench", """{"title":"bench"}"""), cancellationToken);
            // Warm-up: connections, JIT.
            await LatencyAsync(store, receiver, task.Id, 0, 20, cancellationToken);
            var sent = 20;
            var local = await LatencyAsync(store, receiver, task.Id, sent, samples, cancellationToken);
            sent += samples;
            var remote = await LatencyAsync(other, receiver, task.Id, sent, samples, cancellationToken);
            sent += samples;
            Console.WriteLine(Invariant($"committed row → webhook received, written in this process: p50 {P(local, 50):0.0} ms, p99 {P(local, 99):0.0} ms"));
            Console.WriteLine(Invariant($"committed row → webhook received, written by another store instance: p50 {P(remote, 50):0.0} ms, p99 {P(remote, 99):0.0} ms"));

            var messages = Enumerable.Range(sent, burst).Select(i => Message(task.Id, i)).ToList();
            var started = Stopwatch.GetTimestamp();
            await store.NotifyAsync(task.Id, null, [], messages, cancellationToken);
            await receiver.WaitForAsync(sent + burst, TimeSpan.FromMinutes(10));
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine(Invariant($"burst: {burst:N0} rows delivered in {seconds:0.00}s ({burst / seconds:N0}/s, parallelism {config.Delivery.Parallelism})"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<List<double>> LatencyAsync(
        SqliteStore writer, LoopbackReceiver receiver, long taskId, int sent, int count, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            await writer.NotifyAsync(taskId, null, [], [Message(taskId, sent + i)], cancellationToken);
            var committed = Stopwatch.GetTimestamp();
            await receiver.WaitForAsync(sent + i + 1, TimeSpan.FromSeconds(30));
            latencies.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
        }

        latencies.Sort();
        return latencies;
    }

    private static OutboxMessage Message(long taskId, int n) => new(
        $"task-{taskId}/succeeded/{n}/hook", "hook", NotificationEvents.Succeeded,
        ErrandJson.Serialize(new NotificationPayload(NotificationEvents.Succeeded, "bench", DateTimeOffset.UtcNow) { TaskId = taskId }));

    private static double P(List<double> sorted, double p) => Percentiles.Of(sorted, p);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class StaticSecrets(string value) : INotificationSecrets
    {
        public Task<string> GetAsync(string name, CancellationToken cancellationToken) => Task.FromResult(value);
    }
}
