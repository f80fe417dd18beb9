using Errand.Agents.Builtin;
using Errand.Agents.Models;
using Errand.Agents.Tests.Support;

namespace Errand.Agents.Tests.Builtin;

/// <summary>The builtin agent over the real OpenAI and Anthropic wire formats, against fake servers on loopback, in a real git repository.</summary>
public sealed class BuiltinAgentRuntimeTests
{
    private static ModelOptions Models(FakeModelServer server) => AgentTestbed.Models(server);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_OpenAiChatCompletions_ReadsEditsRunsAndFinishes(bool stream)
    {
        await using var bed = await AgentTestbed.CreateAsync();
        await using var server = await FakeModelServer.StartAsync(AgentTestbed.FixTurns);
        var agent = AgentTestbed.Runtime(Models(server), new BuiltinAgentOptions { Stream = stream });

        var events = await AgentTestbed.CollectAsync(agent.RunAsync(bed.Run("openai/fake-gpt"), TestContext.Current.CancellationToken));

        AssertFixed(bed, events);
        Assert.Equal(4, server.Requests.Count);
        Assert.All(events.OfType<AgentTurn>(), t => Assert.Equal((120, 30, 0.00018m), (t.InputTokens, t.OutputTokens, t.CostUsd!.Value)));
        Assert.Equal(stream, server.Requests[0]["stream"]?.GetValue<bool>() == true);
        var tools = server.Requests[0]["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["read_file", "list_files", "search_text", "write_file", "edit_file", "run_command", "finish", "ask_human"], tools);
        var readResult = server.Requests[1]["messages"]!.AsArray().Last()!;
        Assert.Equal("tool", readResult["role"]!.GetValue<string>());
        Assert.Equal("call_0_0", readResult["tool_call_id"]!.GetValue<string>());
        Assert.Contains("Helo, world!", readResult["content"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("exit code 0", server.Requests[3]["messages"]!.AsArray().Last()!["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_AnthropicMessages_ReadsEditsRunsAndFinishes(bool stream)
    {
        await using var bed = await AgentTestbed.CreateAsync();
        await using var server = await FakeModelServer.StartAsync(AgentTestbed.FixTurns);
        var agent = AgentTestbed.Runtime(Models(server), new BuiltinAgentOptions { Stream = stream });

        var events = await AgentTestbed.CollectAsync(agent.RunAsync(bed.Run("anthropic/claude-fake"), TestContext.Current.CancellationToken));

        AssertFixed(bed, events);
        Assert.Equal(4, server.Requests.Count);
        Assert.All(events.OfType<AgentTurn>(), t => Assert.Equal((150L, 40L), (t.InputTokens, t.OutputTokens)));
        Assert.Contains("Fix the greeting", server.Requests[0]["system"]!.ToJsonString(), StringComparison.Ordinal);
        var toolResult = server.Requests[1]["messages"]!.AsArray().Last()!["content"]!.AsArray().Single()!;
        Assert.Equal("tool_result", toolResult["type"]!.GetValue<string>());
        Assert.Equal("toolu_0_0", toolResult["tool_use_id"]!.GetValue<string>());
        Assert.Contains("Helo, world!", toolResult.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CrashBetweenTurns_ResumesWithoutRepeatingATurn()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        await using var server = await FakeModelServer.StartAsync(AgentTestbed.FixTurns);
        var ct = TestContext.Current.CancellationToken;
        AgentCheckpoint? last = null;
        await foreach (var e in AgentTestbed.Runtime(Models(server)).RunAsync(bed.Run("openai/fake-gpt"), ct))
        {
            if (e is AgentCheckpoint { Step: 2 } saved)
            {
                last = saved;
                break; // the worker dies right after the checkpoint was stored
            }
        }

        var resumed = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(Models(server)).RunAsync(bed.Run("openai/fake-gpt", AgentTestbed.CheckpointOf(last!)), ct));

        Assert.IsType<AgentFinished>(resumed[^1]);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal([3, 4], resumed.OfType<AgentCheckpoint>().Select(c => c.Step));
        Assert.Contains("Hello, world!", bed.Read("greet.sh"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CrashMidTurn_RepeatsOnlyThatTurn()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        await using var server = await FakeModelServer.StartAsync(AgentTestbed.FixTurns);
        var ct = TestContext.Current.CancellationToken;
        AgentCheckpoint? last = null;
        await foreach (var e in AgentTestbed.Runtime(Models(server)).RunAsync(bed.Run("openai/fake-gpt"), ct))
        {
            if (e is AgentCheckpoint saved)
            {
                last = saved;
            }

            if (e is AgentToolCall { Tool: "run_command" })
            {
                break; // dies after the model's third answer, before its tools ran and were checkpointed
            }
        }

        var resumed = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(Models(server)).RunAsync(bed.Run("openai/fake-gpt", AgentTestbed.CheckpointOf(last!)), ct));

        Assert.Equal(2, last!.Step);
        Assert.IsType<AgentFinished>(resumed[^1]);
        Assert.Equal(5, server.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_NextRoundWithVerifyFeedback_ContinuesTheSameConversation()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        FakeTurn[] turns = [.. AgentTestbed.FixTurns, FakeTurn.Call("finish", new { summary = "Checked again." })];
        await using var server = await FakeModelServer.StartAsync(turns);
        var ct = TestContext.Current.CancellationToken;
        var first = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(Models(server)).RunAsync(bed.Run("openai/fake-gpt"), ct));
        var checkpoint = AgentTestbed.CheckpointOf(first.OfType<AgentCheckpoint>().Last());

        var second = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(Models(server)).RunAsync(
            bed.Run("openai/fake-gpt", checkpoint, round: 2, feedback: "check greet failed: exit 1"), ct));

        Assert.Equal("Checked again.", Assert.IsType<AgentFinished>(second[^1]).Summary);
        var messages = server.Requests[^1]["messages"]!.AsArray();
        Assert.Equal(4, messages.Count(m => m!["role"]!.GetValue<string>() == "assistant"));
        var feedback = messages.Last(m => m!["role"]!.GetValue<string>() == "user")!.ToJsonString();
        Assert.Contains("check greet failed: exit 1", feedback, StringComparison.Ordinal);
        Assert.Contains("verify round 2", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ResumedAfterFinishInSameRound_FinishesWithoutCallingTheModel()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        await using var server = await FakeModelServer.StartAsync(AgentTestbed.FixTurns);
        var ct = TestContext.Current.CancellationToken;
        var first = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(Models(server)).RunAsync(bed.Run("openai/fake-gpt"), ct));

        var again = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(Models(server)).RunAsync(
            bed.Run("openai/fake-gpt", AgentTestbed.CheckpointOf(first.OfType<AgentCheckpoint>().Last())), ct));

        Assert.Equal("Fixed the typo in greet.sh; the test passes.", Assert.IsType<AgentFinished>(Assert.Single(again)).Summary);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_ToolRefusesPath_ModelReadsTheErrorAndGoesOn()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        FakeTurn[] turns = [FakeTurn.Call("read_file", new { path = "../../etc/passwd" }), FakeTurn.Call("finish", new { summary = "gave up" })];
        await using var server = await FakeModelServer.StartAsync(turns);

        var events = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(Models(server)).RunAsync(bed.Run("openai/fake-gpt"), TestContext.Current.CancellationToken));

        Assert.IsType<AgentFinished>(events[^1]);
        var result = server.Requests[1]["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        Assert.Contains("error: path '../../etc/passwd' leaves the workspace", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ModelEndpointFails_FailsWithTheReason()
    {
        await using var bed = await AgentTestbed.CreateAsync();
        await using var server = await FakeModelServer.StartAsync([FakeTurn.Call("list_files", new { pattern = "**/*.sh" })]);

        var events = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(Models(server)).RunAsync(bed.Run("openai/fake-gpt"), TestContext.Current.CancellationToken));

        var failed = Assert.IsType<AgentFailed>(events[^1]);
        Assert.StartsWith("model call failed:", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("greet.sh\ntests/greet_test.sh", server.Requests[1]["messages"]!.AsArray().Last()!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "needs 'model: provider/model'")]
    [InlineData("mystery/model-1", "unknown model provider 'mystery'")]
    [InlineData("openai", "names no model")]
    public async Task RunAsync_ModelNotUsable_FailsBeforeAnyTurn(string model, string expected)
    {
        await using var bed = await AgentTestbed.CreateAsync();
        var agent = AgentTestbed.Runtime(new ModelOptions());

        var events = await AgentTestbed.CollectAsync(agent.RunAsync(bed.Run(model), TestContext.Current.CancellationToken));

        Assert.Contains(expected, Assert.IsType<AgentFailed>(Assert.Single(events)).Reason, StringComparison.Ordinal);
    }

    private static void AssertFixed(AgentTestbed bed, List<AgentEvent> events)
    {
        Assert.Equal("Fixed the typo in greet.sh; the test passes.", Assert.IsType<AgentFinished>(events[^1]).Summary);
        Assert.Equal(["read_file", "edit_file", "run_command", "finish"], events.OfType<AgentToolCall>().Select(c => c.Tool));
        Assert.Equal([1, 2, 3, 4], events.OfType<AgentCheckpoint>().Select(c => c.Step));
        Assert.Equal(4, events.OfType<AgentTurn>().Count());
        Assert.Contains(events.OfType<AgentOutput>(), o => o.Text == "PASS");
        Assert.Contains(events.OfType<AgentOutput>(), o => o.Text == "Let me look at the script.");
        Assert.Equal("#!/bin/sh\necho \"Hello, world!\"\n", bed.Read("greet.sh"));
    }
}
