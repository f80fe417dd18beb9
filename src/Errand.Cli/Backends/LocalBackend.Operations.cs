using Errand.Application.Limits;
using Errand.Application.Notifications;
using Errand.Cli.Hosting;
using Errand.Engine.Secrets;
using Errand.Limits;
using Errand.Notifications.Configuration;

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
            ? throw new BackendException(ExitCodes.InvalidInput, problem)
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

    public async Task<ChannelTestResult> TestNotificationAsync(string channel, CancellationToken cancellationToken)
    {
        var path = ConfigLoading.PathOf(host);
        ErrandConfig config;
        try
        {
            config = ConfigFile.Load(path);
        }
        catch (ConfigException ex)
        {
            throw new BackendException(ExitCodes.InvalidInput, ConfigLoading.Problems(path, ex));
        }

        var outcome = await NotificationTester.TestAsync(host, config, channel, cancellationToken);
        return outcome.NotFound is { } problem ? throw new BackendException(ExitCodes.NotFound, problem) : outcome.Results.Single();
    }

    public Task<IReadOnlyList<SecretInfo>> ListSecretsAsync(CancellationToken cancellationToken) =>
        new SecretStore(host.DataDirectory).ListAsync(cancellationToken);

    private static string ScopeOf(bool global, string? repo)
    {
        var (scope, field, problem) = LimitService.ScopeOf(global, repo, relativeAllowed: true);
        return scope ?? throw new BackendException(ExitCodes.InvalidInput, $"{field} {problem}");
    }
}
