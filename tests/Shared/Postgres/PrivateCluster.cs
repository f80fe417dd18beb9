using System.Net;
using System.Net.Sockets;

namespace Errand.Tests.Shared.Postgres;

/// <summary>
/// A PostgreSQL cluster of one test's own, on a free port in a temp directory, for what would disturb the shared
/// one: stopping and restarting the server. Removed when disposed.
/// </summary>
internal sealed class PrivateCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _directory;

    private PrivateCluster(string directory, int port, bool durable, string options)
    {
        _directory = directory;
        _environment = new Dictionary<string, string>
        {
            ["ERRAND_PG_DIR"] = directory,
            ["ERRAND_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERRAND_PG_FSYNC"] = durable ? "on" : "off",
            ["ERRAND_PG_OPTIONS"] = options,
        };
    }

    /// <summary>A connection string to its maintenance database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// Starts one; <paramref name="durable"/> keeps fsync on (benchmarks), tests trade it for speed;
    /// <paramref name="options"/> are more server options (<c>-c name=value</c>).
    /// </summary>
    public static async Task<PrivateCluster> StartAsync(bool durable = false, string options = "")
    {
        var cluster = new PrivateCluster(Path.Combine(Path.GetTempPath(), "errand-pg-private-" + Guid.NewGuid().ToString("N")), FreePort(), durable, options);
        cluster.ConnectionString = await PostgresServer.RunScriptAsync("start", cluster._environment);
        return cluster;
    }

    /// <summary>Stops the server (fast shutdown: every connection is cut); <see cref="StartAgainAsync"/> brings it back.</summary>
    public Task StopAsync() => PostgresServer.RunScriptAsync("stop", _environment);

    public Task StartAgainAsync() => PostgresServer.RunScriptAsync("start", _environment);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
