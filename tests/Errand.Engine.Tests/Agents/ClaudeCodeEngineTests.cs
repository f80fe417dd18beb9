using System.Text.Json;
using Errand.Agents.Cli;
using Errand.Agents.Cli.ClaudeCode;
using Errand.Agents.Models;
using Errand.Agents.Tests.Support;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Engine.Tests.Agents;

/// <summary>
/// <c>agent: claude-code</c>: the real Claude Code CLI from npm, run by the worker inside bubblewrap with no network,
/// reaching a fake Anthropic server on the host's loopback only through Errand's model relay.
/// </summary>
public sealed class ClaudeCodeEngineTests
{
    private const string Key = "sk-ant-test-4f1c9e7a2b";

    internal static readonly FakeTurn[] WriteThenFinish =
    [
        new("I will write the file.", new FakeCall("Write", """{"file_path":"/workspace/hello.txt","content":"hello from claude\n"}""")),
        new("Wrote hello.txt."),
    ];

    /// <summary>The task <see cref="WriteThenFinish"/> answers, checked in bubblewrap.</summary>
    internal static TaskSpec SayHello => new()
    {
        Title = "Say hello",
        Agent = AgentNames.ClaudeCode,
        Model = "anthropic/claude-sonnet-4-5",
        Instruction = "Write hello.txt saying hello.",
        Verify = new VerifySpec { Checks = [new CheckSpec("hello", "grep -qx 'hello from claude' hello.txt")] },
        Sandbox = new SandboxSpec(),
    };

    [Fact]
    public async Task ClaudeCode_WritesFileInSandbox_SucceedsWithToolCallsTurnsTokensAndCost()
    {
        var tools = AgentClis.ToolsDirectory("claude");
        await using var server = await FakeModelServer.StartAsync(WriteThenFinish);
        await using var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new ClaudeCodeRuntime(new CliAgentOptions
        {
            Models = new ModelOptions { AnthropicBaseUrl = server.BaseUrl, AnthropicApiKey = Key },
            ToolsDirectory = tools,
            StateDirectory = Path.Combine(h.Repo.DataDir, "agent-state"),
        }));
        h.StartWorker();

        var task = await h.SubmitAsync(SayHello);
        var done = await h.WaitForEndAsync(task.Id, TimeSpan.FromMinutes(2));

        var journal = await h.JournalAsync(task.Id);
        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()}: {done.Reason}\n{string.Join("\n", journal.Select(e => $"{e.Kind}: {e.Message}"))}");
        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        Assert.Equal("hello from claude", h.Repo.Git("show", $"{result.Branch}:hello.txt"));
        Assert.Equal(["Write"], journal.Where(e => e.Kind == JournalKinds.ToolCall).Select(e => e.Message));
        var turns = journal.Where(e => e.Kind == JournalKinds.ModelTurn).Select(e => JsonDocument.Parse(e.DataJson!).RootElement).ToList();
        Assert.Equal(2, turns.Count);
        Assert.Equal(2 * AnthropicWire.InputTokens, turns.Sum(t => t.GetProperty("input_tokens").GetInt64()));
        Assert.Equal(2 * AnthropicWire.OutputTokens, turns.Sum(t => t.GetProperty("output_tokens").GetInt64()));
        Assert.True(turns.Sum(t => t.TryGetProperty("cost_usd", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDecimal() : 0) > 0);
        Assert.Contains(journal, e => e.Kind == JournalKinds.AgentFinished && e.Message == "Wrote hello.txt.");
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("claude-sonnet-4-5", r["model"]!.GetValue<string>()));
        Assert.DoesNotContain(journal, e => e.Message.Contains(Key, StringComparison.Ordinal) || e.DataJson?.Contains(Key, StringComparison.Ordinal) == true);
    }
}
