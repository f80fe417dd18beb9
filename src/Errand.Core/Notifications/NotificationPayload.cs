using Errand.Questions;

namespace Errand.Notifications;

/// <summary>
/// What a notification says, independent of the channel: stored as the outbox row's JSON and rendered by each channel
/// (a signed webhook body, a Slack message, an ntfy push, an email).
/// </summary>
/// <param name="Event">One of <see cref="NotificationEvents"/>.</param>
/// <param name="Title">The task's (or schedule's, or fleet's) title.</param>
/// <param name="At">When the event happened.</param>
public sealed record NotificationPayload(string Event, string Title, DateTimeOffset At)
{
    /// <summary>The task, when the event is about one.</summary>
    public long? TaskId { get; init; }

    /// <summary>The task's state after the event (wire name).</summary>
    public string? State { get; init; }

    /// <summary>Why: a failure, a budget, a cancellation.</summary>
    public string? Reason { get; init; }

    /// <summary>The agent's summary, or a fleet's aggregated one.</summary>
    public string? Summary { get; init; }

    /// <summary>The task branch with the work.</summary>
    public string? Branch { get; init; }

    /// <summary>What the task has cost so far, in US dollars.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>The open question, for <see cref="NotificationEvents.NeedsInput"/>.</summary>
    public Question? Question { get; init; }

    /// <summary>The schedule or fleet the event is about, by name.</summary>
    public string? Subject { get; init; }
}
