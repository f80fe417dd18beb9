using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Errand.Agents.Tests.Support;

/// <summary>
/// A model endpoint on 127.0.0.1 speaking a real wire format (OpenAI Chat Completions or Anthropic Messages, plain
/// or streaming). Which turn it answers is the number of assistant messages in the request, as a real model's answer
/// depends only on the conversation — so a repeated request gets the same answer, and every request is counted.
/// </summary>
internal sealed class FakeModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IReadOnlyList<FakeTurn> _turns;
    private readonly ConcurrentQueue<JsonObject> _requests = new();

    private FakeModelServer(WebApplication app, IReadOnlyList<FakeTurn> turns)
    {
        _app = app;
        _turns = turns;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<JsonObject> Requests => [.. _requests];

    /// <summary>
    /// Runs before a Chat Completions or Messages request (turn index, 0-based) is answered, after it is counted: a test
    /// holds a turn here to kill its caller mid-turn, or delays answers like a slow model.
    /// </summary>
    public Func<int, CancellationToken, Task>? BeforeAnswer { get; set; }

    public static async Task<FakeModelServer> StartAsync(IReadOnlyList<FakeTurn> turns)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeModelServer(app, turns);
        app.MapPost("/v1/chat/completions", server.OpenAiAsync);
        app.MapPost("/v1/messages", server.AnthropicAsync);
        app.MapPost("/v1/responses", server.ResponsesAsync);
        // Claude Code checks the endpoint with a HEAD before its first call.
        app.MapMethods("/", ["HEAD"], (HttpContext http) => Task.CompletedTask);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task OpenAiAsync(HttpContext http)
    {
        var (request, turn, index) = await ReadAsync(http);
        if (turn is null)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new { error = new { message = $"no scripted turn {index + 1}", type = "invalid_request_error" } });
            return;
        }

        if (request["stream"]?.GetValue<bool>() == true)
        {
            http.Response.ContentType = "text/event-stream";
            foreach (var chunk in OpenAiWire.Chunks(turn, index))
            {
                await http.Response.WriteAsync($"data: {chunk}\n\n");
                await http.Response.Body.FlushAsync();
            }

            await http.Response.WriteAsync("data: [DONE]\n\n");
            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(OpenAiWire.Completion(turn, index));
    }

    private async Task AnthropicAsync(HttpContext http)
    {
        var (request, turn, index) = await ReadAsync(http);
        if (turn is null)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new { type = "error", error = new { type = "invalid_request_error", message = $"no scripted turn {index + 1}" } });
            return;
        }

        if (request["stream"]?.GetValue<bool>() == true)
        {
            http.Response.ContentType = "text/event-stream";
            foreach (var (name, data) in AnthropicWire.Events(turn, index))
            {
                await http.Response.WriteAsync($"event: {name}\ndata: {data}\n\n");
                await http.Response.Body.FlushAsync();
            }

            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(AnthropicWire.Message(turn, index));
    }

    private async Task ResponsesAsync(HttpContext http)
    {
        var request = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
        _requests.Enqueue(request);
        var index = ResponsesWire.TurnIndex(request);
        if (index >= _turns.Count)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new { error = new { message = $"no scripted turn {index + 1}", type = "invalid_request_error" } });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        foreach (var (name, data) in ResponsesWire.Events(_turns[index], index))
        {
            await http.Response.WriteAsync($"event: {name}\ndata: {data}\n\n");
            await http.Response.Body.FlushAsync();
        }
    }

    private async Task<(JsonObject Request, FakeTurn? Turn, int Index)> ReadAsync(HttpContext http)
    {
        var request = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
        _requests.Enqueue(request);
        var index = request["messages"]!.AsArray().Count(m => m!["role"]!.GetValue<string>() == "assistant");
        if (BeforeAnswer is { } before)
        {
            await before(index, http.RequestAborted);
        }

        return (request, index < _turns.Count ? _turns[index] : null, index);
    }
}
