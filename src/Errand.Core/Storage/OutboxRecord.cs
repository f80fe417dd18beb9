namespace Errand.Storage;

/// <summary>An outbox row as listed for people: what it is, where it stands, and why it failed.</summary>
/// <param name="Id">Store id.</param>
/// <param name="TaskId">The task whose change caused it.</param>
/// <param name="Message">The message; its key is the delivery id receivers see.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Attempts">Delivery attempts made so far.</param>
/// <param name="CreatedAt">When it was written.</param>
public sealed record OutboxRecord(long Id, long? TaskId, OutboxMessage Message, OutboxState State, int Attempts, DateTimeOffset CreatedAt)
{
    /// <summary>The last failed attempt's error; kept after a retry until the next attempt.</summary>
    public string? LastError { get; init; }

    /// <summary>When the next attempt is due; null once delivered or dead.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }
}
