using System.Net;
using System.Text;
using System.Text.Json;
using Errand.Server.Tests.Support;
using Errand.Tasks;
using Errand.Tokens;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Errand.Server.Tests.Extensions;

/// <summary>/mcp on the server as `errand serve` composes it, through the SDK's own client over Streamable HTTP.</summary>
public sealed class ServeMcpTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync(withWorker: true);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task DispatchTask_SubmitAndReadToken_TaskRunsAndGetTaskReadsItsResult()
    {
        using var deadline = new CancellationTokenSource(ServerHarness.Patience);
        await using var client = await ConnectAsync(TokenScope.Admin, deadline.Token);

        var dispatched = await CallAsync(client, "dispatch_task", new() { ["spec"] = _server.Spec("Over MCP", "echo hi > mcp.txt") }, deadline.Token);
        var id = dispatched.GetProperty("id").GetInt64();
        await _server.WaitForAsync(id, t => t.State == TaskState.Succeeded);
        var task = await CallAsync(client, "get_task", new() { ["taskId"] = id }, deadline.Token);

        Assert.Equal("Over MCP", task.GetProperty("title").GetString());
        Assert.Equal("succeeded", task.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Object, task.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task DispatchTask_SpecWithWarnings_AnswerCarriesThemAndGetTaskDoesNot()
    {
        using var deadline = new CancellationTokenSource(ServerHarness.Patience);
        await using var client = await ConnectAsync(TokenScope.Admin, deadline.Token);

        var dispatched = await CallAsync(client, "dispatch_task", new() { ["spec"] = _server.Spec("Warned over MCP", "true") }, deadline.Token);
        var task = await CallAsync(client, "get_task", new() { ["taskId"] = dispatched.GetProperty("id").GetInt64() }, deadline.Token);

        Assert.Equal(["W002 budget spec:1:1", "W007 sandbox.backend spec:11:3"], ServerHarness.Findings(dispatched));
        Assert.False(task.TryGetProperty("warnings", out _), task.ToString());
    }

    [Fact]
    public async Task Mcp_WithoutToken_Returns401()
    {
        var initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mcp", UriKind.Relative)) { Content = new StringContent(initialize, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await _server.Client(null).SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(async () => await (await ConnectAsync(null, CancellationToken.None)).DisposeAsync());
    }

    [Fact]
    public async Task DispatchTask_ReadOnlyToken_HiddenAndRefused()
    {
        using var deadline = new CancellationTokenSource(ServerHarness.Patience);
        await using var client = await ConnectAsync(TokenScope.Read, deadline.Token);

        var tools = await client.ListToolsAsync(cancellationToken: deadline.Token);
        var refused = await client.CallToolAsync("dispatch_task", new Dictionary<string, object?> { ["spec"] = _server.Spec("Refused", "true") }, cancellationToken: deadline.Token);

        Assert.Contains(tools, t => t.Name == "get_task");
        Assert.DoesNotContain(tools, t => t.Name == "dispatch_task");
        Assert.True(refused.IsError);
        Assert.Contains("needs submit", Text(refused), StringComparison.Ordinal);
        Assert.Empty(await _server.Store.ListAsync(new Storage.TaskQuery(), CancellationToken.None));
    }

    private async Task<McpClient> ConnectAsync(TokenScope? scope, CancellationToken cancellationToken)
    {
        var options = new HttpClientTransportOptions
        {
            Endpoint = new Uri(_server.Address, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = scope is { } s ? new Dictionary<string, string> { ["Authorization"] = "Bearer " + _server.Token(s) } : null,
        };
        return await McpClient.CreateAsync(new HttpClientTransport(options), cancellationToken: cancellationToken);
    }

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
        Assert.True(result.IsError != true, Text(result));
        return JsonElement.Parse(Text(result));
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
