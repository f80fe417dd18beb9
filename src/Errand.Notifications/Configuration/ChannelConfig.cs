namespace Errand.Notifications.Configuration;

/// <summary>A configured channel: its name, which events it gets, and its type's settings (a subclass per type).</summary>
/// <param name="Name">The name specs and <c>notify.default</c> refer to it by.</param>
public abstract record ChannelConfig(string Name)
{
    /// <summary>The events this channel gets; every event when not configured.</summary>
    public IReadOnlySet<string> Events { get; init; } = new HashSet<string>(NotificationEvents.All, StringComparer.Ordinal);

    /// <summary>The type's name as written in the config file (webhook, slack, ntfy, email).</summary>
    public abstract string Type { get; }
}
