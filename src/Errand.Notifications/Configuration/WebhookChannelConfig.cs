namespace Errand.Notifications.Configuration;

/// <summary>A generic webhook: signed JSON POSTed to a URL.</summary>
public sealed record WebhookChannelConfig(string Name, ConfiguredUrl Url, string KeySecret) : ChannelConfig(Name)
{
    /// <inheritdoc/>
    public override string Type => ChannelTypes.Webhook;
}
