using System.Globalization;
using Errand.Json;
using Errand.Notifications;
using Errand.Specs;
using Errand.Storage;

namespace Errand.Engine.Notifications;

/// <summary>
/// Turns a task event into outbox rows, one per channel it is routed to. Each row's key is stable for that event of
/// that task incarnation, so the row written with the state change is also the delivery id receivers deduplicate on.
/// </summary>
public sealed class TaskNotifications(INotificationRoutes routes)
{
    /// <summary>The rows for <paramref name="payload"/>; <paramref name="occurrence"/> tells this event apart from the task's earlier ones of the same kind.</summary>
    public IReadOnlyList<OutboxMessage> For(TaskSpec spec, NotificationPayload payload, string occurrence)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(payload);
        var channels = routes.ChannelsFor(spec.Notify, payload.Event);
        if (channels.Count == 0)
        {
            return [];
        }

        var json = ErrandJson.Serialize(payload);
        var subject = payload.TaskId is { } id ? "task-" + id.ToString(CultureInfo.InvariantCulture) : payload.Subject ?? "errand";
        return [.. channels.Distinct(StringComparer.Ordinal).Select(channel =>
            new OutboxMessage($"{subject}/{payload.Event}/{occurrence}/{channel}", channel, payload.Event, json))];
    }
}
