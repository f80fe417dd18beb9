using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Errand.Agents.Cli;

/// <summary>
/// The worker-side model endpoint of one CLI agent run: an HTTP relay that forwards every request to the configured
/// upstream base URL and streams the answer back. In a sandbox without a network it listens on a unix socket bound
/// into the sandbox (a forwarder inside puts it on the sandbox's private 127.0.0.1), so the agent reaches its model
/// and nothing else. The relay, not the agent, holds the API key: it replaces whatever credential the CLI sent.
/// </summary>
internal sealed class ModelRelay : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer",
        "Content-Length", "x-api-key", "Authorization",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private ModelRelay(WebApplication app, HttpClient client, string? socketPath)
    {
        _app = app;
        _client = client;
        SocketPath = socketPath;
    }

    /// <summary>The unix socket it listens on, or null when it listens on loopback TCP.</summary>
    public string? SocketPath { get; }

    /// <summary>Its loopback URL when it listens on TCP (no sandbox network of its own), else null.</summary>
    public Uri? LoopbackUrl { get; private set; }

    /// <summary>Starts a relay to <paramref name="target"/> on <paramref name="socketPath"/>, or on a free loopback port when null.</summary>
    public static async Task<ModelRelay> StartAsync(RelayTarget target, string? socketPath, CancellationToken cancellationToken)
    {
        // appsettings.json read once, not watched: a watch puts an inotify watch on every directory under the working
        // directory, for each relay a CLI agent's task starts (see ErrandServer.Build).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            if (socketPath is null)
            {
                o.Listen(IPAddress.Loopback, 0);
            }
            else
            {
                o.ListenUnixSocket(socketPath);
            }
        });
        var app = builder.Build();

        // No retries and no timeout beyond the run's own: the CLI's own retry policy (switched off) and the
        // engine's cancellation decide.
        var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var relay = new ModelRelay(app, client, socketPath);
        app.Run(http => relay.ForwardAsync(http, target));
        await app.StartAsync(cancellationToken);
        if (socketPath is not null && !OperatingSystem.IsWindows())
        {
            // The sandbox's user is not the worker's; the directory holding the socket is private to this run.
            File.SetUnixFileMode(socketPath, (UnixFileMode)0b110_110_110);
        }
        else if (socketPath is null)
        {
            relay.LoopbackUrl = new Uri(app.Urls.First());
        }

        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }

    private async Task ForwardAsync(HttpContext http, RelayTarget target)
    {
        var path = http.Request.Path.Value ?? "/";
        if (target.StripPrefix.Length > 0 && path.StartsWith(target.StripPrefix, StringComparison.Ordinal))
        {
            path = path[target.StripPrefix.Length..];
        }

        var url = new Uri(target.BaseUrl.AbsoluteUri.TrimEnd('/') + path + http.Request.QueryString.Value);
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), url);
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(http.Request.Body);
        }

        foreach (var (name, values) in http.Request.Headers)
        {
            if (HopHeaders.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // SECRETS: the real key is added here, outside the sandbox; the agent only ever holds a placeholder.
        if (target.ApiKey is { Length: > 0 } key)
        {
            request.Headers.TryAddWithoutValidation(target.KeyHeader, target.KeyHeader == "Authorization" ? $"Bearer {key}" : key);
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        }
        catch (HttpRequestException ex)
        {
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            await http.Response.WriteAsync($"errand model relay: upstream unreachable: {ex.Message}", http.RequestAborted);
            return;
        }

        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopHeaders.Contains(name))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            await using var body = await response.Content.ReadAsStreamAsync(http.RequestAborted);
            var buffer = new byte[16 * 1024];
            int read;
            // Flushed piece by piece: the answers are server-sent event streams the CLI shows as they come.
            while ((read = await body.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
    }
}
