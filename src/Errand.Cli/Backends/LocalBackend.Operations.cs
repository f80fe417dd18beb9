using Errand.Application.Limits;
using Errand.Application.Notifications;
using Errand.Cli.Hosting;
using Errand.Limits;

namespace Errand.Cli.Backends;

internal sealed partial class LocalBackend
{
    private LimitService Limits => new(host.Store);

    private NotificationQueries Notifications => new(host.Store);

    public Task<IReadOnlyList<ConcurrencyLimit>> ListLimitsAsync(CancellationToken cancellationToken) => Limits.ListAsync(cancellationToken);

    public async Task<ConcurrencyLimit> SetLimitAsync(bool global, string? repo, int max, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(global, repo);
        return await Limits.SetAsync(scope, max, cancellationToken) is { Length: > 0 } problem
            ? throw new BackendException(ExitCodes.InvalidInput, $"max {problem}")
            : new ConcurrencyLimit(scope, max);
    }

    public Task RemoveLimitAsync(bool global, string? repo, CancellationToken cancellationToken) => Limits.RemoveAsync(ScopeOf(global, repo), cancellationToken);

    public Task<IReadOnlyList<NotificationView>> ListNotificationsAsync(bool failed, bool pending, long? taskId, int limit, CancellationToken cancellationToken) =>
        Notifications.ListAsync(failed, pending, taskId, limit, cancellationToken);

    public async Task RetryNotificationAsync(long notificationId, CancellationToken cancellationToken)
    {
        if (!await Notifications.RetryAsync(notificationId, cancellationToken))
        {
            throw new BackendException(ExitCodes.NotFound, $"no undelivered notification {notificationId}");
        }
    }

    public Task<int> RetryFailedNotificationsAsync(CancellationToken cancellationToken) => Notifications.RetryFailedAsync(cancellationToken);

    private static string ScopeOf(bool global, string? repo)
    {
        var (scope, field, problem) = LimitService.ScopeOf(global, repo, relativeAllowed: true);
        return scope ?? throw new BackendException(ExitCodes.InvalidInput, $"{field} {problem}");
    }
}
