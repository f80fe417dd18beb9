using Errand.Application.Notifications;
using Errand.Engine.Secrets;
using Errand.Limits;

namespace Errand.Cli.Backends;

/// <summary>Concurrency limits, the notification outbox and the secrets' names.</summary>
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

    /// <summary>Sends a test notification through the configured channel <paramref name="channel"/> now; exit 3 when there is none.</summary>
    Task<ChannelTestResult> TestNotificationAsync(string channel, CancellationToken cancellationToken);

    /// <summary>The secrets by name with when they were set; never a value.</summary>
    Task<IReadOnlyList<SecretInfo>> ListSecretsAsync(CancellationToken cancellationToken);
}
