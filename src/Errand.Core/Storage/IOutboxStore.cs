namespace Errand.Storage;

/// <summary>The notification outbox: rows written with their cause, delivered at least once.</summary>
public interface IOutboxStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> due messages for delivery, hiding them from other dispatchers for
    /// <paramref name="visibility"/>; a dispatcher that dies lets them come back.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(int max, TimeSpan visibility, CancellationToken cancellationToken);

    /// <summary>Records a successful delivery.</summary>
    Task MarkDeliveredAsync(long id, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; the message is due again at <paramref name="retryAt"/>, or dead when null.</summary>
    Task MarkFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken);
}
