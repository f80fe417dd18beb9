namespace Errand.Notifications.Channels.Webhook;

/// <summary>The headers every webhook request carries.</summary>
public static class WebhookHeaders
{
    /// <summary>The stable delivery id (the same on every attempt).</summary>
    public const string Delivery = "X-Errand-Delivery";

    /// <summary>The event name.</summary>
    public const string Event = "X-Errand-Event";

    /// <summary>When this attempt was signed, in Unix seconds.</summary>
    public const string Timestamp = "X-Errand-Timestamp";

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c> (<see cref="WebhookSignature"/>).</summary>
    public const string Signature = "X-Errand-Signature";
}
