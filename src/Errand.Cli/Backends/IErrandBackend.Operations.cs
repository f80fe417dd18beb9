using Errand.Application.Notifications;
using Errand.Limits;

namespace Errand.Cli.Backends;

/// <summary>Concurrency limits and the notification outbox.</summary>
internal partial interface IErrandBackend
{
    Task<IReadOnlyList<ConcurrencyLimit>> ListLimitsAsync(CancellationToken cancellationToken);

    /// <summary>Sets the limit of every task (<paramref name="global"/>) or of one repository's; the limit as set.</summary>
    Task<ConcurrencyLimit> SetLimitAsync(bool global, string? repo, int max, CancellationToken cancellationToken);

    Task RemoveLimitAsync(bool global, string? repo, CancellationToken cancellationToken);

    Task<IReadOnlyList<NotificationView>> ListNotificationsAsync(bool failed, bool pending, long? taskId, int limit, CancellationToken cancellationToken);

    /// <summary>Makes one undelivered notification due now; exit 3 when there is no such undelivered one.</summary>
    Task RetryNotificationAsync(long notificationId, CancellationToken cancellationToken);

    /// <summary>Makes every failed notification due now; how many.</summary>
    Task<int> RetryFailedNotificationsAsync(CancellationToken cancellationToken);
}
