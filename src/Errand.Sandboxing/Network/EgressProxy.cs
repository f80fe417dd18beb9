using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Errand.Sandboxing.Network;

/// <summary>
/// The worker-side egress proxy for one sandbox, on a unix socket bound into it. It speaks HTTP CONNECT (for HTTPS
/// and anything else) and plain absolute-form HTTP, lets through only hosts on the allow-list, and reports every
/// decision. Hosts are resolved here, outside the sandbox, which has no DNS of its own.
/// </summary>
internal sealed class EgressProxy : IAsyncDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private readonly Socket _listener;
    private readonly HostAllowList _allow;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly Action<EgressDecision>? _onDecision;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public EgressProxy(string socketPath, HostAllowList allow, Func<string, CancellationToken, Task<IPAddress[]>>? resolve, Action<EgressDecision>? onDecision)
    {
        SocketPath = socketPath;
        _allow = allow;
        _resolve = resolve ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));
        _onDecision = onDecision;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        // The sandbox user must be able to connect; the directory holding the socket is private to the sandbox.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        }

        _listener.Listen(64);
        _accepting = AcceptLoopAsync(_stop.Token);
    }

    public string SocketPath { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(cancellationToken);
            _ = Task.Run(() => ServeAsync(client, cancellationToken), cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using var inbound = new NetworkStream(client, ownsSocket: true);
        try
        {
            var (head, body) = await ReadHeadAsync(inbound, cancellationToken);
            if (head is null)
            {
                return;
            }

            var requestLine = head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
            var parts = requestLine.Split(' ');
            if (parts.Length != 3)
            {
                await RespondAsync(inbound, "400 Bad Request", "errand: not an HTTP proxy request", cancellationToken);
                return;
            }

            var connect = parts[0] == "CONNECT";
            if (!TryTarget(parts[1], connect, out var host, out var port, out var path))
            {
                await RespondAsync(inbound, "400 Bad Request", "errand: cannot tell which host this is for", cancellationToken);
                return;
            }

            var allowed = _allow.Allows(host, port);
            _onDecision?.Invoke(new EgressDecision(host, port, allowed));
            if (!allowed)
            {
                await RespondAsync(inbound, "403 Forbidden", $"errand: {host}:{port} is not on this task's network allow-list", cancellationToken);
                return;
            }

            using var upstream = new TcpClient();
            await upstream.ConnectAsync(await _resolve(host, cancellationToken), port, cancellationToken);
            var outbound = upstream.GetStream();
            if (connect)
            {
                await inbound.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), cancellationToken);
            }
            else
            {
                // Origin-form for the server: "GET /path HTTP/1.1", the rest of the head as it came.
                var rewritten = $"{parts[0]} {path} {parts[2]}" + head[requestLine.Length..];
                await outbound.WriteAsync(Encoding.Latin1.GetBytes(rewritten), cancellationToken);
            }

            await outbound.WriteAsync(body, cancellationToken);
            await Task.WhenAny(inbound.CopyToAsync(outbound, cancellationToken), outbound.CopyToAsync(inbound, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The sandboxed client or the upstream went away; nothing to report beyond the decision already made.
        }
    }

    private static async Task<(string? Head, byte[] Body)> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeaderBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return (null, []);
            }

            filled += read;
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.Latin1.GetString(buffer, 0, end + 4), buffer[(end + 4)..filled]);
            }
        }

        return (null, []);
    }

    private static bool TryTarget(string target, bool connect, out string host, out int port, out string path)
    {
        host = "";
        port = 0;
        path = "/";
        if (connect)
        {
            var colon = target.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                return false;
            }

            host = target[..colon].Trim('[', ']');
            return host.Length > 0 && port is > 0 and < 65536;
        }

        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            return false;
        }

        host = uri.IdnHost;
        port = uri.Port;
        path = uri.PathAndQuery;
        return true;
    }

    private static Task RespondAsync(Stream stream, string status, string body, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(
            $"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {Encoding.UTF8.GetByteCount(body) + 1}\r\nConnection: close\r\n\r\n{body}\n"),
            cancellationToken).AsTask();
}
