namespace Errand.Notifications.Configuration;

/// <summary>A Slack incoming webhook; its URL is a credential, so it is always a secret's name.</summary>
public sealed record SlackChannelConfig(string Name, string UrlSecret) : ChannelConfig(Name)
{
    /// <inheritdoc/>
    public override string Type => ChannelTypes.Slack;
}
