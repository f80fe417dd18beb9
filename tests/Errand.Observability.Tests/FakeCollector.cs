using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Errand.Observability.Tests;

/// <summary>
/// An OTLP/HTTP collector on loopback that keeps the protobuf body of every export by path. Protobuf writes strings
/// as their UTF-8 bytes, so a span's name or an attribute is found in the body as is.
/// </summary>
internal sealed class FakeCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _bodies = new();

    private FakeCollector(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static async Task<FakeCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var collector = new FakeCollector(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            collector._bodies.GetOrAdd(context.Request.Path.Value!, _ => new()).Enqueue(body.ToArray());
            return Microsoft.AspNetCore.Http.Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        collector.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return collector;
    }

    /// <summary>Everything posted to <paramref name="path"/>, concatenated.</summary>
    public byte[] Received(string path) => _bodies.TryGetValue(path, out var bodies) ? [.. bodies.SelectMany(b => b)] : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
