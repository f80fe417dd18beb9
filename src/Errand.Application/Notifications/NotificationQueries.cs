using Errand.Storage;

namespace Errand.Application.Notifications;

/// <summary>The notification outbox as people look at it: list (all, failed, pending, one task's) and retry. The CLI and the API both come here.</summary>
/// <param name="store">The store.</param>
public sealed class NotificationQueries(IErrandStore store)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;

    /// <summary>Outbox rows, newest first.</summary>
    /// <param name="failed">Only those given up (dead) or waiting to try again.</param>
    /// <param name="pending">Only those not delivered yet.</param>
    /// <param name="taskId">Only this task's, or null.</param>
    /// <param name="limit">At most this many (up to <see cref="MaxLimit"/>).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public async Task<IReadOnlyList<NotificationView>> ListAsync(bool failed, bool pending, long? taskId, int limit, CancellationToken cancellationToken)
    {
        var states = new List<OutboxState>();
        if (failed)
        {
            states.AddRange([OutboxState.Dead, OutboxState.Retrying]);
        }

        if (pending)
        {
            states.AddRange([OutboxState.Pending, OutboxState.Retrying]);
        }

        var rows = await store.ListOutboxAsync(new OutboxQuery { States = states, TaskId = taskId, Limit = Math.Clamp(limit, 1, MaxLimit) }, cancellationToken);
        return [.. rows.Select(NotificationView.From)];
    }

    /// <summary>Makes one undelivered notification due now (attempts and last error kept); false when there is no such undelivered one.</summary>
    /// <param name="id">The outbox row id.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public Task<bool> RetryAsync(long id, CancellationToken cancellationToken) => store.RetryOutboxAsync(id, cancellationToken);

    /// <summary>Makes every failed notification due now; how many.</summary>
    /// <param name="cancellationToken">Stops the write.</param>
    public Task<int> RetryFailedAsync(CancellationToken cancellationToken) => store.RetryFailedOutboxAsync(cancellationToken);
}
