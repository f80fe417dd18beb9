using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Errand.Json;
using Errand.Notifications.Configuration;
using Errand.Notifications.Rendering;

namespace Errand.Notifications.Channels.Webhook;

/// <summary>A generic webhook: the notification as JSON, POSTed with its delivery id, event, timestamp and HMAC signature.</summary>
internal sealed class WebhookChannel(WebhookChannelConfig config, HttpClient http, INotificationSecrets secrets, TimeProvider time)
    : NotificationChannel(config.Name, secrets)
{
    public override string Type => ChannelTypes.Webhook;

    protected override async Task<DeliveryResult> DeliverAsync(Notification notification, ChannelSecrets secrets, CancellationToken cancellationToken)
    {
        var url = await HttpDelivery.ResolveAsync(config.Url, secrets, cancellationToken);
        var key = await secrets.GetAsync(config.KeySecret, cancellationToken);
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookBody.From(notification), ErrandJson.Options);

        // Signed per attempt: a retry carries a fresh timestamp, so receivers may refuse old ones without losing retries.
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookHeaders.Delivery, notification.DeliveryId);
        request.Headers.Add(WebhookHeaders.Event, notification.Payload.Event);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookHeaders.Signature, WebhookSignature.Sign(key, timestamp, body));
        return await HttpDelivery.SendAsync(http, request, secrets, cancellationToken);
    }
}
