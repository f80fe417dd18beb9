using Errand.Notifications.Rendering;
using Errand.Questions;

namespace Errand.Notifications.Channels.Webhook;

/// <summary>The JSON a webhook receives (snake_case; absent values left out).</summary>
/// <param name="DeliveryId">The stable delivery id: the same on every attempt; receivers deduplicate by it.</param>
/// <param name="Event">The event.</param>
/// <param name="Title">The task's (or schedule's, or fleet's) title.</param>
/// <param name="At">When the event happened.</param>
internal sealed record WebhookBody(string DeliveryId, string Event, string Title, DateTimeOffset At)
{
    public string? Link { get; init; }

    public WebhookTask? Task { get; init; }

    public Question? Question { get; init; }

    public string? Subject { get; init; }

    public static WebhookBody From(Notification notification)
    {
        var payload = notification.Payload;
        return new WebhookBody(notification.DeliveryId, payload.Event, payload.Title, payload.At)
        {
            Link = notification.Link?.AbsoluteUri,
            Task = payload.TaskId is { } id
                ? new WebhookTask(id, payload.Title)
                {
                    State = payload.State,
                    Reason = payload.Reason,
                    Summary = payload.Summary,
                    Branch = payload.Branch,
                    CostUsd = payload.CostUsd,
                    Link = notification.Link?.AbsoluteUri,
                }
                : null,
            Question = payload.Question,
            Subject = payload.Subject,
        };
    }
}
