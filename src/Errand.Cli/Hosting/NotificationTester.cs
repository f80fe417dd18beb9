using System.Diagnostics;
using System.Globalization;
using Errand.Application.Notifications;
using Errand.Notifications;
using Errand.Notifications.Channels;
using Errand.Notifications.Configuration;
using Errand.Notifications.Rendering;

namespace Errand.Cli.Hosting;

/// <summary>
/// Sends a test notification through configured channels now and says how each went: <c>errand notify test</c> on the
/// store's host, and <c>POST /api/notifications/test</c> on <c>errand serve</c> (through the server's channels).
/// </summary>
internal static class NotificationTester
{
    /// <summary>
    /// Tests as the config file is now (a long-running server follows edits): the user who fixed a channel expects the
    /// test to use the fix, and one whose edit broke the file is told so, not answered by the file as it was.
    /// </summary>
    public static Task<ChannelTestOutcome> TestAsync(ErrandHost host, ConfigWatcher config, string? channel, CancellationToken cancellationToken)
    {
        var (current, problem) = config.Read();
        return problem is null
            ? TestAsync(host, current, channel, cancellationToken)
            : Task.FromResult(new ChannelTestOutcome([], ConfigProblems: ConfigLoading.Problems(config.Path, problem)));
    }

    /// <summary>Tests <paramref name="channel"/>, or every configured channel (by name) when null.</summary>
    public static async Task<ChannelTestOutcome> TestAsync(ErrandHost host, ErrandConfig config, string? channel, CancellationToken cancellationToken)
    {
        var channels = config.Notify.Channels;
        if (channel is not null && !channels.ContainsKey(channel))
        {
            var known = channels.Keys.Order(StringComparer.Ordinal).ToList();
            var path = ConfigLoading.PathOf(host);
            return new([], known.Count == 0
                ? $"no channel named '{channel}': {path} configures none (notify.channels)"
                : $"no channel named '{channel}' in {path}; the channels are: {string.Join(", ", known)}");
        }

        using var http = ChannelFactory.CreateHttpClient();
        var factory = NotificationService.Channels(host, http);
        var results = new List<ChannelTestResult>();
        string[] names = channel is null ? [.. channels.Keys.Order(StringComparer.Ordinal)] : [channel];
        foreach (var name in names)
        {
            results.Add(await SendAsync(factory, config.Notify, name, channels[name], host.Time, cancellationToken));
        }

        return new(results);
    }

    private static async Task<ChannelTestResult> SendAsync(
        ChannelFactory factory, NotifyConfig notify, string name, ChannelConfig channel, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var payload = new NotificationPayload(Notification.TestEvent, "Test notification from errand", now)
        {
            Summary = $"Sent by `errand notify test {name}` to check the {channel.Type} channel '{name}'.",
        };
        var deliveryId = $"test/{name}/{now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(notify.Delivery.Timeout);
        var started = Stopwatch.GetTimestamp();
        DeliveryResult result;
        try
        {
            result = await factory.Create(channel).SendAsync(Notification.Create(deliveryId, payload, notify.PublicUrl), deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = DeliveryResult.Failed($"no answer within {notify.Delivery.Timeout.TotalSeconds:0.#}s");
        }

        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new ChannelTestResult(name, channel.Type, result.Delivered, result.Error, deliveryId, elapsed);
    }
}
