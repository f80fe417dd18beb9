using Errand.Notifications.Rendering;

namespace Errand.Notifications.Channels;

/// <summary>A configured channel: renders a notification its own way and sends it once.</summary>
public interface INotificationChannel
{
    /// <summary>The channel's configured name.</summary>
    string Name { get; }

    /// <summary>The channel's type (webhook, slack, ntfy, email).</summary>
    string Type { get; }

    /// <summary>
    /// Makes one delivery attempt. Failures come back as a result with the error (secrets removed), never as an
    /// exception; cancellation (a timeout, a stop) is thrown.
    /// </summary>
    Task<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken);
}
