using System.Diagnostics.Metrics;
using Errand.Agents.Cli;
using Errand.Agents.Cli.ClaudeCode;
using Errand.Agents.Models;
using Errand.Agents.Tests.Support;
using Errand.Engine.Tests.Agents;
using Errand.Engine.Tests.Support;
using Errand.Specs;
using Errand.Tasks;
using Errand.Telemetry;
using Errand.Tests.Shared;

namespace Errand.Engine.Tests.Telemetry;

/// <summary>
/// The trace of a task run by a CLI agent: the real Claude Code CLI in bubblewrap against a fake Anthropic server,
/// its spans read from its stream-json output (a chat span per model turn with the GenAI token attributes and cost,
/// an execute_tool span per tool call) and caught by an <see cref="System.Diagnostics.ActivityListener"/>.
/// </summary>
public sealed class CliAgentTracingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RunAsync_ClaudeCodeWritesFile_TraceHasChatSpansWithTokensAndCostAndToolSpan()
    {
        await using var server = await FakeModelServer.StartAsync(ClaudeCodeEngineTests.WriteThenFinish);
        await using var h = await EngineHarness.CreateAsync();
        using var meter = new Meter(ErrandTelemetry.Name);
        h.Metrics = new ErrandMetrics(meter);
        using var metrics = new MetricCapture(meter);
        h.ExtraAgents.Add(new ClaudeCodeRuntime(new CliAgentOptions
        {
            Models = new ModelOptions { AnthropicBaseUrl = server.BaseUrl, AnthropicApiKey = "sk-ant-test-trace" },
            ToolsDirectory = AgentClis.ToolsDirectory("claude"),
            StateDirectory = Path.Combine(h.Repo.DataDir, "agent-state"),
        }));
        var task = await h.SubmitAsync(ClaudeCodeEngineTests.SayHello);
        using var spans = new SpanCapture(TaskTrace.TraceIdOf(h.Installation, task));
        h.StartWorker();

        var done = await h.WaitForEndAsync(task.Id, Timeout);
        await spans.WaitForRootAsync(Timeout);

        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()}: {done.Reason}");
        var root = Assert.Single(spans.Spans, s => s.OperationName == SpanNames.Task);
        var agent = spans.ChildrenOf(root).Single(s => s.OperationName == "errand.agent");
        Assert.Equal(AgentNames.ClaudeCode, agent.GetTagItem(SpanAttributes.GenAiAgentName));
        // The CLI's own process is one sandboxed command; its model turns and tool calls are spans beside it.
        Assert.Single(spans.ChildrenOf(agent), s => s.OperationName == SpanNames.Command);
        var children = spans.ChildrenOf(agent).Where(s => s.OperationName != SpanNames.Command).ToList();
        Assert.Equal(["chat claude-sonnet-4-5", "execute_tool Write", "chat claude-sonnet-4-5"], children.Select(s => s.DisplayName));

        var chats = children.Where(s => s.GetTagItem(SpanAttributes.GenAiOperation) is "chat").ToList();
        Assert.All(chats, chat =>
        {
            Assert.Equal("anthropic", chat.GetTagItem(SpanAttributes.GenAiProvider));
            Assert.Equal("claude-sonnet-4-5", chat.GetTagItem(SpanAttributes.GenAiRequestModel));
            Assert.Equal(ErrandTelemetry.ModelCalls, chat.Source.Name);
        });
        Assert.Equal(2 * AnthropicWire.InputTokens, chats.Sum(c => Convert.ToInt64(c.GetTagItem(SpanAttributes.GenAiInputTokens), null)));
        Assert.Equal(2 * AnthropicWire.OutputTokens, chats.Sum(c => Convert.ToInt64(c.GetTagItem(SpanAttributes.GenAiOutputTokens), null)));
        Assert.True(chats.Sum(c => Convert.ToDouble(c.GetTagItem(SpanAttributes.CostUsd) ?? 0.0, null)) > 0, "the result line's cost on a model call");

        var tool = children.Single(s => s.DisplayName == "execute_tool Write");
        Assert.Equal("execute_tool", tool.GetTagItem(SpanAttributes.GenAiOperation));
        Assert.Equal("Write", tool.GetTagItem(SpanAttributes.GenAiToolName));
        // The same turns feed the meter: tokens by type and cost, as for the builtin agent.
        Assert.Equal(2 * AnthropicWire.InputTokens, metrics.Sum("errand.tokens", (SpanAttributes.GenAiTokenType, "input")));
        Assert.Equal(2 * AnthropicWire.OutputTokens, metrics.Sum("errand.tokens", (SpanAttributes.GenAiTokenType, "output")));
        Assert.Equal(chats.Sum(c => Convert.ToDouble(c.GetTagItem(SpanAttributes.CostUsd) ?? 0.0, null)), metrics.Sum("errand.cost"), 6);
        Assert.DoesNotContain(spans.Spans.SelectMany(SpanText.Of), t => t.Contains("hello from claude", StringComparison.Ordinal));
    }
}
