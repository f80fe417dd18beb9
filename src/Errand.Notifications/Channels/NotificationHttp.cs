using System.Net;

namespace Errand.Notifications.Channels;

/// <summary>Shared by every HTTP channel: one connection pool, timeouts left to the dispatcher's per-attempt deadline.</summary>
internal static class NotificationHttp
{
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { { "User-Agent", "errand" } },
    };
}
