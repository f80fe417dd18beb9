using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;
using ModelContextProtocol.Client;

namespace Errand.Cli.Tests.Mcp;

/// <summary>
/// <c>errand mcp</c> as an editor runs it: a real process on standard input and output, driven by the SDK's own MCP
/// client, on a real SQLite store that a real <c>errand worker</c> process works from.
/// </summary>
public sealed class McpStdioTests : IDisposable
{
    private const string SecretName = "PLANTED_TOKEN";
    private const string SecretValue = "pl4nted-Mcp/s3cret+v4lue=5";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly TempGitRepo _repo = new();

    public McpStdioTests()
    {
        _repo.WriteFile("README.md", "a repository\n");
        _repo.Commit("initial");
    }

    private Dictionary<string, string> Environment => new()
    {
        ["ERRAND_SECRET_KEY_FILE"] = Path.Combine(_repo.Root, "keys", "secret.key"),
    };

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Mcp_ListTools_SixToolsWithTheirInputSchemas()
    {
        await using var mcp = await ConnectAsync();

        var tools = await mcp.Client.ListToolsAsync();

        Assert.Equal(
            ["answer_question", "dispatch_task", "get_task", "list_questions", "list_tasks", "read_logs"],
            tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description), t.Name));
        var dispatch = tools.Single(t => t.Name == "dispatch_task").JsonSchema.GetProperty("properties");
        Assert.Equal(["agent", "model", "prompt", "repo", "spec", "title"], dispatch.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var answer = tools.Single(t => t.Name == "answer_question").JsonSchema;
        Assert.Equal(["answer", "taskId"], answer.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DispatchTask_SpecPrintingAPlantedSecret_WorkerRunsItAndNoResponseHoldsTheSecret()
    {
        await SetSecretAsync();
        await using var worker = ErrandProcess.Start(_repo.DataDir, _repo.Root, Environment, "worker", "--data-dir", _repo.DataDir, "--poll", "100ms");
        await using var mcp = await ConnectAsync();
        var spec = $"""
            ---
            title: Write the answer
            repo: {_repo.RepoPath}
            agent: command
            command: |
              echo "the agent saw $PLANTED_TOKEN"
              echo 42 > answer.txt
            verify:
              - name: answer
                run: test "$(cat answer.txt)" = 42 && echo "check saw $PLANTED_TOKEN"
            secrets: [PLANTED_TOKEN]
            sandbox: {"{"} backend: none {"}"}
            ---
            Write 42 to answer.txt.
            """;

        var queued = await mcp.CallAsync("dispatch_task", new() { ["spec"] = spec });
        var id = queued.GetProperty("id").GetInt64();
        var done = await mcp.WaitForEndAsync(id, Timeout);
        var logs = await mcp.CallAsync("read_logs", new() { ["taskId"] = id });
        var listed = await mcp.CallAsync("list_tasks", new() { ["state"] = "succeeded" });

        Assert.Equal("queued", queued.GetProperty("state").GetString());
        Assert.True(done.GetProperty("state").GetString() == "succeeded", done.ToString());
        var result = done.GetProperty("result");
        Assert.True(result.GetProperty("checks")[0].GetProperty("passed").GetBoolean());
        Assert.StartsWith("errand/", result.GetProperty("branch").GetString(), StringComparison.Ordinal);
        Assert.Equal("42", _repo.Git("show", $"{result.GetProperty("branch").GetString()}:answer.txt").Trim());
        Assert.Contains(logs.EnumerateArray(), e => e.GetProperty("message").GetString() == "the agent saw [redacted:PLANTED_TOKEN]");
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Empty(mcp.Responses.SelectMany(r => SecretTrace.FindIn(r, SecretValue, "an MCP response")));
    }

    [Fact]
    public async Task DispatchTask_TitlePromptRepo_BuiltinAgentRunsItToTheEnd()
    {
        var script = Path.Combine(_repo.Root, "script.yaml");
        await File.WriteAllTextAsync(script, """
            - tools:
                - write_file: { path: done.txt, content: "done\n" }
            - tools:
                - finish: { summary: Wrote done.txt. }
            """);
        await using var worker = ErrandProcess.Start(_repo.DataDir, _repo.Root, Environment, "worker", "--data-dir", _repo.DataDir, "--poll", "100ms");
        await using var mcp = await ConnectAsync();

        var queued = await mcp.CallAsync("dispatch_task", new()
        {
            ["title"] = "Write done.txt",
            ["prompt"] = "Create done.txt saying done.",
            ["repo"] = _repo.RepoPath,
            ["agent"] = "builtin",
            ["model"] = $"scripted/{script}",
        });
        var done = await mcp.WaitForEndAsync(queued.GetProperty("id").GetInt64(), Timeout);

        Assert.True(done.GetProperty("state").GetString() == "succeeded", done.ToString());
        Assert.Equal("Write done.txt", done.GetProperty("title").GetString());
        Assert.Equal("Wrote done.txt.", done.GetProperty("result").GetProperty("agent_summary").GetString());
    }

    [Theory]
    [InlineData("get_task", """{"taskId": 999}""", "no task 999")]
    [InlineData("read_logs", """{"taskId": 999}""", "no task 999")]
    [InlineData("dispatch_task", """{}""", "without spec, title, prompt, repo are needed")]
    [InlineData("dispatch_task", """{"title": "t", "prompt": "p"}""", "without spec, repo is needed")]
    [InlineData("dispatch_task", """{"title": "t", "prompt": "p", "repo": "relative/path"}""", "is relative; give an absolute path or a URL")]
    [InlineData("dispatch_task", """{"spec": "---\ntitle: t\nagent: nosuch\n---\nx"}""", "the task has problems")]
    [InlineData("dispatch_task", """{"spec": "---\ntitle: t\nrepo: /tmp\nafter: [nosuch]\n---\nx"}""", "no task in the store is called 'nosuch'")]
    [InlineData("dispatch_task", """{"spec": "---\ntitle: t\nrepo: /tmp\nattempts: 2\n---\nx"}""", "use `errand fleet run")]
    [InlineData("list_tasks", """{"state": "finished"}""", "unknown state 'finished'")]
    [InlineData("list_tasks", """{"limit": 0}""", "limit must be from 1 to 500")]
    [InlineData("answer_question", """{"taskId": 999, "answer": "yes"}""", "no task 999")]
    public async Task Tool_BadInput_ToolErrorSaysWhy(string tool, string arguments, string expected)
    {
        await using var mcp = await ConnectAsync();

        var (isError, text) = await mcp.CallRawAsync(tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)!);

        Assert.True(isError, text);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    private async Task<McpSession> ConnectAsync()
    {
        var environment = new Dictionary<string, string?>(Environment.ToDictionary(e => e.Key, e => (string?)e.Value))
        {
            ["ERRAND_HOME"] = _repo.DataDir,
            ["NO_COLOR"] = "1",
        };
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "errand",
            Command = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "errand.dll"), "mcp", "--data-dir", _repo.DataDir],
            WorkingDirectory = _repo.Root,
            EnvironmentVariables = environment,
        });
        return new McpSession(await McpClient.CreateAsync(transport));
    }

    private async Task SetSecretAsync()
    {
        await using var set = ErrandProcess.Start(_repo.DataDir, _repo.Root, Environment, "secret", "set", SecretName, "--data-dir", _repo.DataDir);
        await set.WriteInputAndCloseAsync(SecretValue + "\n");
        Assert.Equal(0, await set.WaitForExitAsync(Timeout));
    }
}
