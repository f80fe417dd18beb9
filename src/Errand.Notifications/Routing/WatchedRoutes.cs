using Errand.Notifications.Configuration;

namespace Errand.Notifications.Routing;

/// <summary>
/// <see cref="NotificationRoutes"/> over the config file as it is now: a long-running process routes each event by the
/// newest good config (see <see cref="ConfigWatcher"/>), so a channel added to <c>notify.default</c> is used without a restart.
/// </summary>
public sealed class WatchedRoutes(ConfigWatcher watcher) : INotificationRoutes
{
    /// <inheritdoc/>
    public IReadOnlyList<string> ChannelsFor(IReadOnlyList<string> specChannels, string notificationEvent) =>
        new NotificationRoutes(watcher.Current.Notify).ChannelsFor(specChannels, notificationEvent);
}
