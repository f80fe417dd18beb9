using System.Globalization;
using System.Text.Json;
using Errand.Application.Notifications;
using Errand.Engine.Secrets;
using Errand.Limits;
using Errand.Specs;

namespace Errand.Cli.Backends;

internal sealed partial class RemoteBackend
{
    public Task<IReadOnlyList<ConcurrencyLimit>> ListLimitsAsync(CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<ConcurrencyLimit>>("/api/limits", cancellationToken);

    public Task<ConcurrencyLimit> SetLimitAsync(bool global, string? repo, int max, CancellationToken cancellationToken) =>
        SendJsonAsync<ConcurrencyLimit>(HttpMethod.Put, "/api/limits", new { global, repo = Absolute(repo), max }, cancellationToken);

    public async Task RemoveLimitAsync(bool global, string? repo, CancellationToken cancellationToken)
    {
        var query = global ? "global=true" : "repo=" + Uri.EscapeDataString(Absolute(repo) ?? "");
        using var response = await SendAsync(HttpMethod.Delete, "/api/limits?" + query, null, cancellationToken);
    }

    public Task<IReadOnlyList<NotificationView>> ListNotificationsAsync(bool failed, bool pending, long? taskId, int limit, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"failed={(failed ? "true" : "false")}&pending={(pending ? "true" : "false")}&limit={limit}")
            + (taskId is { } id ? string.Create(CultureInfo.InvariantCulture, $"&task={id}") : "");
        return GetAsync<IReadOnlyList<NotificationView>>("/api/notifications?" + query, cancellationToken);
    }

    public async Task RetryNotificationAsync(long notificationId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/notifications/{notificationId}/retry", null, cancellationToken);
    }

    public async Task<int> RetryFailedNotificationsAsync(CancellationToken cancellationToken) =>
        (await PostAsync<JsonElement>("/api/notifications/retry-failed", null, cancellationToken)).GetProperty("count").GetInt32();

    public async Task<ChannelTestResult> TestNotificationAsync(string channel, CancellationToken cancellationToken) =>
        (await PostAsync<IReadOnlyList<ChannelTestResult>>("/api/notifications/test?channel=" + Uri.EscapeDataString(channel), null, cancellationToken)).Single();

    public Task<IReadOnlyList<SecretInfo>> ListSecretsAsync(CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<SecretInfo>>("/api/secrets", cancellationToken);

    /// <summary>A repository as the server must be given it: a URL, or a local path made absolute here (as the CLI reads it on the store).</summary>
    private static string? Absolute(string? repo) =>
        repo is null || RepoLocation.IsUrl(repo) ? repo : Path.GetFullPath(repo);
}
