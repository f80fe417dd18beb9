using Errand.Notifications;

namespace Errand.Engine.Notifications;

/// <summary>Routes with no configuration: every event to every channel the spec names.</summary>
public sealed class SpecChannelRoutes : INotificationRoutes
{
    /// <summary>The one instance.</summary>
    public static SpecChannelRoutes Instance { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyList<string> ChannelsFor(IReadOnlyList<string> specChannels, string notificationEvent) => specChannels;
}
