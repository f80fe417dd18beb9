namespace Errand.Notifications.Rendering;

/// <summary>A notification ready to render on any channel.</summary>
/// <param name="DeliveryId">The stable id of this delivery (the outbox key): the same on every attempt, for receivers to deduplicate.</param>
/// <param name="Payload">What happened.</param>
/// <param name="Link">Where to see it (<c>{public_url}/tasks/42</c>); null without a public URL.</param>
public sealed record Notification(string DeliveryId, NotificationPayload Payload, Uri? Link)
{
    /// <summary>The event name used by <c>errand notify test</c>; no route ever sends it.</summary>
    public const string TestEvent = "test";

    /// <summary>Builds a notification, with a link to the task under <paramref name="publicUrl"/> when both are known.</summary>
    public static Notification Create(string deliveryId, NotificationPayload payload, Uri? publicUrl) =>
        new(deliveryId, payload, LinkFor(payload, publicUrl));

    private static Uri? LinkFor(NotificationPayload payload, Uri? publicUrl)
    {
        if (publicUrl is null)
        {
            return null;
        }

        var root = publicUrl.AbsoluteUri.TrimEnd('/');
        return payload.TaskId is { } id ? new Uri($"{root}/tasks/{id}") : new Uri(root + "/");
    }
}
