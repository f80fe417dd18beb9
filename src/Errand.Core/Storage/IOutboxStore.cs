using Errand.Journal;

namespace Errand.Storage;

/// <summary>The notification outbox: rows written with their cause, delivered at least once.</summary>
public interface IOutboxStore
{
    /// <summary>
    /// Writes notifications that no state change causes (a budget warning, a stuck task) with their journal events,
    /// atomically: all or nothing. With a lease, nothing is written unless the task's fence still matches, and the
    /// result is false; without one the task must exist. A message whose key is already in the outbox is ignored.
    /// Wakes dispatchers waiting in <see cref="WaitForOutboxAsync"/>.
    /// </summary>
    Task<bool> NotifyAsync(
        long taskId,
        LeaseToken? lease,
        IReadOnlyList<JournalEntry> events,
        IReadOnlyList<OutboxMessage> messages,
        CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> due messages for delivery, hiding them from other dispatchers for
    /// <paramref name="visibility"/>; a dispatcher that dies lets them come back.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(int max, TimeSpan visibility, CancellationToken cancellationToken);

    /// <summary>Records a successful delivery.</summary>
    Task MarkDeliveredAsync(long id, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; the message is due again at <paramref name="retryAt"/>, or dead when null.</summary>
    Task MarkFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken);

    /// <summary>Outbox rows matching the query, newest first.</summary>
    Task<IReadOnlyList<OutboxRecord>> ListOutboxAsync(OutboxQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Makes an undelivered row (dead or retrying) due now, keeping its attempts and its last error until the next
    /// attempt. False when there is no such row or it was delivered.
    /// </summary>
    Task<bool> RetryOutboxAsync(long id, CancellationToken cancellationToken);

    /// <summary>Makes every dead or retrying row due now (as <see cref="RetryOutboxAsync"/>); returns how many.</summary>
    Task<int> RetryFailedOutboxAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Completes when a message may be due: at once after a message is written or retried in this process, or after
    /// <paramref name="maxWait"/> at the latest (other processes' messages are seen by polling).
    /// </summary>
    Task WaitForOutboxAsync(TimeSpan maxWait, CancellationToken cancellationToken);
}
