using System.Text;
using Errand.Notifications.Configuration;
using Errand.Notifications.Rendering;

namespace Errand.Notifications.Channels.Ntfy;

/// <summary>An ntfy topic: a text body POSTed to the topic URL with Title, Priority, Tags and Click headers.</summary>
internal sealed class NtfyChannel(NtfyChannelConfig config, HttpClient http, INotificationSecrets secrets)
    : NotificationChannel(config.Name, secrets)
{
    public override string Type => ChannelTypes.Ntfy;

    /// <summary>The priority of <paramref name="notificationEvent"/>: configured, else high for what needs a person now.</summary>
    public string PriorityOf(string notificationEvent) =>
        config.Priorities.TryGetValue(notificationEvent, out var level) ? level
        : EventStyle.For(notificationEvent).Urgent ? "high"
        : "default";

    protected override async Task<DeliveryResult> DeliverAsync(Notification notification, ChannelSecrets secrets, CancellationToken cancellationToken)
    {
        var url = await HttpDelivery.ResolveAsync(config.Url, secrets, cancellationToken);
        var payload = notification.Payload;
        var style = EventStyle.For(payload.Event);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(NotificationText.PlainText(notification), Encoding.UTF8, "text/plain"),
        };
        request.Headers.TryAddWithoutValidation("Title", HeaderText.Encode($"{NotificationText.Status(notification)}: {payload.Title}"));
        request.Headers.TryAddWithoutValidation("Priority", PriorityOf(payload.Event));
        request.Headers.TryAddWithoutValidation("Tags", HeaderText.Encode(string.Join(',', config.Tags.Prepend(style.NtfyTag))));
        if (notification.Link is { } link)
        {
            request.Headers.TryAddWithoutValidation("Click", link.AbsoluteUri);
        }

        if (config.TokenSecret is { } tokenSecret)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + await secrets.GetAsync(tokenSecret, cancellationToken));
        }

        return await HttpDelivery.SendAsync(http, request, secrets, cancellationToken);
    }
}
