using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Errand.Engine.Tests.Support;

/// <summary>A minimal HTTP server on 127.0.0.1 that answers every request with one fixed body and counts requests.</summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public LoopbackHttpServer(string body)
    {
        _listener.Start();
        _ = ServeAsync(body, _stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task ServeAsync(string body, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var read = 0;
                while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                Interlocked.Increment(ref _requests);
                var response = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
