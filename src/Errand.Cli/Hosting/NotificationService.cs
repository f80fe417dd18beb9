using Errand.Engine.Secrets;
using Errand.Notifications.Channels;
using Errand.Notifications.Configuration;
using Errand.Notifications.Dispatching;

namespace Errand.Cli.Hosting;

/// <summary>
/// Notification delivery in this process: the dispatcher over the host's store, channels from the config file (read
/// again when it changes) and secrets from the secret store. <c>errand worker</c> and <c>errand run</c> start one;
/// any other long-running host (<c>errand serve</c>) can too.
/// </summary>
internal sealed class NotificationService : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly NotificationDispatcher _dispatcher;

    private NotificationService(HttpClient http, NotificationDispatcher dispatcher)
    {
        _http = http;
        _dispatcher = dispatcher;
    }

    /// <summary>Starts delivering with <paramref name="config"/> (already loaded and checked).</summary>
    public static NotificationService Start(ErrandHost host, ErrandConfig config)
    {
        var watcher = host.Watch(config);
        var http = ChannelFactory.CreateHttpClient();
        var channels = Channels(host, http);
        var dispatcher = new NotificationDispatcher(host.Store, () => watcher.Current.Notify, channels, new DispatcherOptions
        {
            Delivery = config.Notify.Delivery,
            Time = host.Time,
            Logging = host.Logging,
        });
        dispatcher.Start();
        return new NotificationService(http, dispatcher);
    }

    /// <summary>The channels of the config file, with the secret store behind them.</summary>
    public static ChannelFactory Channels(ErrandHost host, HttpClient http) =>
        new(http, new StoreSecrets(new SecretStore(host.DataDirectory)), host.Time);

    /// <summary>Gives a task's notifications up to <paramref name="maxWait"/> to go out; true when none is left.</summary>
    public Task<bool> DrainAsync(long taskId, TimeSpan maxWait, CancellationToken cancellationToken) =>
        _dispatcher.DrainAsync(taskId, maxWait, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.DisposeAsync();
        _http.Dispose();
    }
}
