using Errand.Notifications.Configuration;

namespace Errand.Notifications.Routing;

/// <summary>
/// Routes an event to the spec's channels and the configured defaults, each filtered by the events it subscribes to.
/// A channel the config does not know is routed anyway: its row then fails visibly ("no channel named X in
/// config.yaml") instead of the notification vanishing without a trace.
/// </summary>
public sealed class NotificationRoutes(NotifyConfig config) : INotificationRoutes
{
    /// <inheritdoc/>
    public IReadOnlyList<string> ChannelsFor(IReadOnlyList<string> specChannels, string notificationEvent)
    {
        ArgumentNullException.ThrowIfNull(specChannels);
        var channels = new List<string>();
        foreach (var name in specChannels.Concat(config.Default))
        {
            if (channels.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            if (!config.Channels.TryGetValue(name, out var channel) || channel.Events.Contains(notificationEvent))
            {
                channels.Add(name);
            }
        }

        return channels;
    }
}
