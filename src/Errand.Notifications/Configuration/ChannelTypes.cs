namespace Errand.Notifications.Configuration;

/// <summary>The channel types a config file may name.</summary>
public static class ChannelTypes
{
    /// <summary>Signed JSON POSTed to any URL.</summary>
    public const string Webhook = "webhook";

    /// <summary>A Slack incoming webhook.</summary>
    public const string Slack = "slack";

    /// <summary>An ntfy topic.</summary>
    public const string Ntfy = "ntfy";

    /// <summary>Email over SMTP.</summary>
    public const string Email = "email";

    /// <summary>Every type, for messages.</summary>
    public static readonly IReadOnlyList<string> All = [Webhook, Slack, Ntfy, Email];
}
