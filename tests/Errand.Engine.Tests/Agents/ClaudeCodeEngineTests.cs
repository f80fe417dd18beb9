using System.Globalization;
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
        await using var server = await FakeModelServer.StartAsync(WriteThenFinish);
        await using var h = await HarnessAsync(server);

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

    [Theory]
    [InlineData(2, null, "step budget of 2 used up (2 model turns)")]
    [InlineData(null, "0.001", "cost budget of $0.00 used up ($0.")]
    public async Task ClaudeCode_BudgetUsedUpByTheFinishingTurn_LetsTheFinishThroughAndVerifies(int? steps, string? cost, string usedUpSays)
    {
        await using var server = await FakeModelServer.StartAsync(WriteThenFinish);
        await using var h = await HarnessAsync(server);

        // Claude Code reports cost only on its result line, so a cost budget is always crossed by the last turn.
        var task = await h.SubmitAsync(SayHello with { Budget = new BudgetSpec { Steps = steps, Cost = cost is null ? null : decimal.Parse(cost, CultureInfo.InvariantCulture) } });
        var done = await h.WaitForEndAsync(task.Id, TimeSpan.FromMinutes(2));

        var journal = await h.JournalAsync(task.Id);
        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()}: {done.Reason}\n{string.Join("\n", journal.Select(e => $"{e.Kind}: {e.Message}"))}");
        Assert.Equal("all 1 checks passed", done.Reason);
        Assert.Equal("hello from claude", h.Repo.Git("show", $"{ErrandJson.Deserialize<TaskResult>(done.ResultJson!).Branch}:hello.txt"));
        // The turn that used the budget up is said so, its checkpoint saved, and its finish let through to verify.
        var usedUp = Assert.Single(journal, e => e.Kind == JournalKinds.BudgetUsedUp);
        Assert.StartsWith(usedUpSays, usedUp.Message, StringComparison.Ordinal);
        Assert.EndsWith("; stopping after this turn", usedUp.Message, StringComparison.Ordinal);
        var lastTurn = journal.Last(e => e.Kind == JournalKinds.ModelTurn);
        var checkpoint = Assert.Single(journal, e => e.Kind == JournalKinds.Checkpoint && e.Message == "checkpoint at step 2");
        var finished = Assert.Single(journal, e => e.Kind == JournalKinds.AgentFinished);
        var check = Assert.Single(journal, e => e.Kind == JournalKinds.Check);
        Assert.True(lastTurn.Seq < usedUp.Seq && usedUp.Seq < checkpoint.Seq && checkpoint.Seq < finished.Seq && finished.Seq < check.Seq,
            string.Join("\n", journal.Select(e => $"{e.Seq} {e.Kind}: {e.Message}")));
        Assert.Equal("Wrote hello.txt.", finished.Message);
        Assert.Equal(2, journal.Count(e => e.Kind == JournalKinds.ModelTurn));
        Assert.Equal(2, (await h.Store.GetLatestCheckpointAsync(task.Id, CancellationToken.None))!.Step);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ClaudeCode_StepBudgetUsedUpBeforeTheLastTurn_StopsPartialWithTheWorkKept()
    {
        await using var server = await FakeModelServer.StartAsync(WriteThenFinish);
        await using var h = await HarnessAsync(server);

        var task = await h.SubmitAsync(SayHello with { Budget = new BudgetSpec { Steps = 1 } });
        var done = await h.WaitForEndAsync(task.Id, TimeSpan.FromMinutes(2));

        var journal = await h.JournalAsync(task.Id);
        Assert.True(done.State == TaskState.Partial, $"{done.State.ToWireName()}: {done.Reason}\n{string.Join("\n", journal.Select(e => $"{e.Kind}: {e.Message}"))}");
        Assert.StartsWith("step budget of 1 used up (1 model turns)", done.Reason, StringComparison.Ordinal);
        Assert.Contains($"errand extend {task.Id}", done.Reason, StringComparison.Ordinal);
        Assert.Equal("hello from claude", h.Repo.Git("show", $"{ErrandJson.Deserialize<TaskResult>(done.ResultJson!).Branch}:hello.txt"));
        Assert.Single(journal, e => e.Kind == JournalKinds.BudgetUsedUp);
        Assert.Equal(1, (await h.Store.GetLatestCheckpointAsync(task.Id, CancellationToken.None))!.Step);
        Assert.DoesNotContain(journal, e => e.Kind is JournalKinds.AgentFinished or JournalKinds.Check);
    }

    private static async Task<EngineHarness> HarnessAsync(FakeModelServer server)
    {
        var tools = AgentClis.ToolsDirectory("claude");
        var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new ClaudeCodeRuntime(new CliAgentOptions
        {
            Models = new ModelOptions { AnthropicBaseUrl = server.BaseUrl, AnthropicApiKey = Key },
            ToolsDirectory = tools,
            StateDirectory = Path.Combine(h.Repo.DataDir, "agent-state"),
        }));
        h.StartWorker();
        return h;
    }
}
