namespace Errand.Notifications;

/// <summary>Which configured channels a task's event goes to: the spec names channels, the configuration filters by event.</summary>
public interface INotificationRoutes
{
    /// <summary>The channel names to notify of <paramref name="notificationEvent"/> for a spec that names <paramref name="specChannels"/>.</summary>
    IReadOnlyList<string> ChannelsFor(IReadOnlyList<string> specChannels, string notificationEvent);
}
