using Errand.Notifications.Channels.Email;
using Errand.Notifications.Channels.Ntfy;
using Errand.Notifications.Channels.Slack;
using Errand.Notifications.Channels.Webhook;
using Errand.Notifications.Configuration;

namespace Errand.Notifications.Channels;

/// <summary>Builds the channel for a configured one; HTTP channels share one client.</summary>
public sealed class ChannelFactory(HttpClient http, INotificationSecrets secrets, TimeProvider time)
{
    /// <summary>The channel <paramref name="config"/> describes.</summary>
    public INotificationChannel Create(ChannelConfig config) => config switch
    {
        WebhookChannelConfig webhook => new WebhookChannel(webhook, http, secrets, time),
        SlackChannelConfig slack => new SlackChannel(slack, http, secrets),
        NtfyChannelConfig ntfy => new NtfyChannel(ntfy, http, secrets),
        EmailChannelConfig email => new EmailChannel(email, secrets),
        _ => throw new ArgumentException($"no channel type {config.Type}", nameof(config)),
    };

    /// <summary>An HTTP client for channels: pooled connections, no timeout of its own (each attempt has a deadline).</summary>
    public static HttpClient CreateHttpClient() => NotificationHttp.CreateClient();
}
