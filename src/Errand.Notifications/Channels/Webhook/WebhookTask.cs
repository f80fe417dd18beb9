namespace Errand.Notifications.Channels.Webhook;

/// <summary>The task part of a webhook body.</summary>
/// <param name="Id">The task id.</param>
/// <param name="Title">Its title.</param>
internal sealed record WebhookTask(long Id, string Title)
{
    public string? State { get; init; }

    public string? Reason { get; init; }

    public string? Summary { get; init; }

    public string? Branch { get; init; }

    public decimal? CostUsd { get; init; }

    public string? Link { get; init; }
}
