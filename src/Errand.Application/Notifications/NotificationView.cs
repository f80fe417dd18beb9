using Errand.Storage;

namespace Errand.Application.Notifications;

/// <summary>One outbox row as <c>errand notify ls --json</c> prints it.</summary>
public sealed record NotificationView
{
    /// <summary>The outbox row id.</summary>
    public required long Id { get; init; }

    /// <summary>The idempotency key receivers see.</summary>
    public required string DeliveryId { get; init; }

    /// <summary>The channel it goes to.</summary>
    public required string Channel { get; init; }

    /// <summary>The event it reports.</summary>
    public required string Event { get; init; }

    /// <summary>The task it is about.</summary>
    public long? TaskId { get; init; }

    /// <summary>pending, retrying, delivered or dead.</summary>
    public required string State { get; init; }

    /// <summary>Delivery attempts so far.</summary>
    public required int Attempts { get; init; }

    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; init; }

    /// <summary>When it is tried again.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>When it was queued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The view of an outbox row.</summary>
    /// <param name="row">The row.</param>
    public static NotificationView From(OutboxRecord row) => new()
    {
        Id = row.Id,
        DeliveryId = row.Message.Key,
        Channel = row.Message.Channel,
        Event = row.Message.Event,
        TaskId = row.TaskId,
        State = StateName(row.State),
        Attempts = row.Attempts,
        LastError = row.LastError,
        NextAttemptAt = row.NextAttemptAt,
        DeliveredAt = row.DeliveredAt,
        CreatedAt = row.CreatedAt,
    };

    /// <summary>The wire name of an outbox state.</summary>
    /// <param name="state">The state.</param>
    public static string StateName(OutboxState state) => state switch
    {
        OutboxState.Pending => "pending",
        OutboxState.Retrying => "retrying",
        OutboxState.Delivered => "delivered",
        _ => "dead",
    };
}
