using Errand.Storage;

namespace Errand.Cli.Output;

/// <summary>One outbox row as <c>errand notify ls --json</c> prints it.</summary>
internal sealed record NotificationView
{
    public required long Id { get; init; }

    public required string DeliveryId { get; init; }

    public required string Channel { get; init; }

    public required string Event { get; init; }

    public long? TaskId { get; init; }

    public required string State { get; init; }

    public required int Attempts { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

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

    public static string StateName(OutboxState state) => state switch
    {
        OutboxState.Pending => "pending",
        OutboxState.Retrying => "retrying",
        OutboxState.Delivered => "delivered",
        _ => "dead",
    };
}
