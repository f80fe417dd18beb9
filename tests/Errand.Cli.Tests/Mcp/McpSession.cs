using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Errand.Cli.Tests.Mcp;

/// <summary>An MCP client (the SDK's own) and the calls the tests make with it.</summary>
internal sealed class McpSession(McpClient client) : IAsyncDisposable
{
    public McpClient Client => client;

    /// <summary>Every text a call returned, errors included: what a leak would be found in.</summary>
    public List<string> Responses { get; } = [];

    /// <summary>Calls a tool that must succeed; its JSON.</summary>
    public async Task<JsonElement> CallAsync(string tool, Dictionary<string, object?> arguments)
    {
        var (isError, text) = await CallRawAsync(tool, arguments);
        Assert.False(isError, $"{tool} failed: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Calls a tool; whether it failed, and its text.</summary>
    public async Task<(bool IsError, string Text)> CallRawAsync(string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        Responses.Add(text);
        return (result.IsError == true, text);
    }

    /// <summary>Polls get_task until the task ends: MCP has no push for it, so a client asks.</summary>
    public async Task<JsonElement> WaitForEndAsync(long taskId, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        string[] ended = ["succeeded", "failed", "partial", "cancelled"];
        while (true)
        {
            var task = await CallAsync("get_task", new() { ["taskId"] = taskId });
            if (ended.Contains(task.GetProperty("state").GetString()))
            {
                return task;
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"task {taskId} is still {task.GetProperty("state").GetString()}");
            }
        }
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
