using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Errand.Cli.Hosting;
using Errand.Notifications;
using Errand.Notifications.Channels;
using Errand.Notifications.Rendering;

namespace Errand.Cli.Commands.Notify;

/// <summary><c>errand notify test CHANNEL</c>: send a test notification through the configured channel now; the exit code says whether it arrived.</summary>
internal static class NotifyTestCommand
{
    public static Command Create(GlobalOptions global)
    {
        var channel = new Argument<string>("channel") { Description = "A channel's name in config.yaml (notify.channels)" };
        var command = new Command("test", "Send a test notification through a configured channel now (exit 0 when it was accepted)") { channel };
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var config = await ConfigLoading.LoadOrReportAsync(host, "notify test");
            if (config is null)
            {
                return ExitCodes.InvalidInput;
            }

            var name = parse.GetValue(channel)!;
            if (!config.Notify.Channels.TryGetValue(name, out var channelConfig))
            {
                var known = config.Notify.Channels.Keys.Order(StringComparer.Ordinal).ToList();
                await Console.Error.WriteLineAsync(known.Count == 0
                    ? $"errand: no channel named '{name}': {ConfigLoading.PathOf(host)} configures none (notify.channels)"
                    : $"errand: no channel named '{name}' in {ConfigLoading.PathOf(host)}; the channels are: {string.Join(", ", known)}");
                return ExitCodes.NotFound;
            }

            var now = host.Time.GetUtcNow();
            var payload = new NotificationPayload(Notification.TestEvent, "Test notification from errand", now)
            {
                Summary = $"Sent by `errand notify test {name}` to check the {channelConfig.Type} channel '{name}'.",
            };
            var deliveryId = $"test/{name}/{now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
            using var http = ChannelFactory.CreateHttpClient();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(config.Notify.Delivery.Timeout);
            var started = Stopwatch.GetTimestamp();
            DeliveryResult result;
            try
            {
                result = await NotificationService.Channels(host, http).Create(channelConfig)
                    .SendAsync(Notification.Create(deliveryId, payload, config.Notify.PublicUrl), deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                result = DeliveryResult.Failed($"no answer within {config.Notify.Delivery.Timeout.TotalSeconds:0.#}s");
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (result.Delivered)
            {
                Console.WriteLine($"{name} ({channelConfig.Type}): delivered in {elapsed:0} ms (delivery id {deliveryId})");
                return ExitCodes.Ok;
            }

            await Console.Error.WriteLineAsync($"errand: {name} ({channelConfig.Type}): not delivered: {result.Error}");
            return ExitCodes.TaskFailed;
        }, ct));
        return command;
    }
}
