using System.Text;
using Errand.Notifications.Configuration;
using Errand.Notifications.Rendering;

namespace Errand.Notifications.Channels.Slack;

/// <summary>A Slack incoming webhook (its URL read from a secret at each attempt).</summary>
internal sealed class SlackChannel(SlackChannelConfig config, HttpClient http, INotificationSecrets secrets)
    : NotificationChannel(config.Name, secrets)
{
    public override string Type => ChannelTypes.Slack;

    protected override async Task<DeliveryResult> DeliverAsync(Notification notification, ChannelSecrets secrets, CancellationToken cancellationToken)
    {
        var url = await HttpDelivery.ResolveAsync(new ConfiguredUrl(null, config.UrlSecret), secrets, cancellationToken);
        var json = SlackMessage.Render(notification).ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await HttpDelivery.SendAsync(http, request, secrets, cancellationToken);
    }
}
