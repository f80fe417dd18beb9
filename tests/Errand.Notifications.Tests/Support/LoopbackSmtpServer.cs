using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Errand.Notifications.Tests.Support;

/// <summary>A real SMTP server (the SmtpServer package) on 127.0.0.1 that keeps every message it receives, parsed.</summary>
internal sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(MimeMessage Message, IReadOnlyList<string> Recipients)> _messages = new();
    private readonly ConcurrentQueue<(string User, string Password)> _logins = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private SmtpServer.SmtpServer _server = null!;
    private Task _running = Task.CompletedTask;

    public int Port { get; private set; }

    public IReadOnlyList<(string User, string Password)> Logins => [.. _logins];

    /// <summary>Starts listening; with <paramref name="user"/>, only that user and password may send.</summary>
    public static async Task<LoopbackSmtpServer> StartAsync(string? user = null, string? password = null)
    {
        var smtp = new LoopbackSmtpServer();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).AllowUnsecureAuthentication(true).AuthenticationRequired(user is not null))
            .Build();
        var listeners = new EndpointListenerFactory();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(smtp));
        services.Add(new DelegatingUserAuthenticator((u, p) =>
        {
            smtp._logins.Enqueue((u, p));
            return user is null || (u == user && p == password);
        }));
        smtp._server = new SmtpServer.SmtpServer(options, services);
        smtp._running = smtp._server.StartAsync(smtp._stop.Token);
        smtp.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return smtp;
    }

    public async Task<(MimeMessage Message, IReadOnlyList<string> Recipients)> NextAsync(TimeSpan timeout)
    {
        if (!await _arrived.WaitAsync(timeout))
        {
            throw new TimeoutException($"no email within {timeout}");
        }

        _messages.TryDequeue(out var message);
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _arrived.Dispose();
    }

    private sealed class Store(LoopbackSmtpServer owner) : IMessageStore
    {
        public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            owner._messages.Enqueue((message, [.. transaction.To.Select(m => $"{m.User}@{m.Host}")]));
            owner._arrived.Release();
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
