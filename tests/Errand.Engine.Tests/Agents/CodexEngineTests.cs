using System.Text.Json;
using Errand.Agents.Cli;
using Errand.Agents.Cli.Codex;
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
/// <c>agent: codex</c>: the real Codex CLI from npm, run by the worker inside bubblewrap with no network, reaching a
/// fake Responses server on the host's loopback only through Errand's model relay.
/// </summary>
public sealed class CodexEngineTests
{
    private const string Key = "sk-openai-test-7d2e5c1b9a";

    private static readonly FakeTurn[] WriteThenFinish =
    [
        new(null, new FakeCall("exec_command", """{"cmd":"printf 'hello from codex\\n' > hello.txt && echo wrote"}""")),
        new("Wrote hello.txt."),
    ];

    [Fact]
    public async Task Codex_RunsCommandInSandbox_SucceedsWithToolCallsTurnTokensAndPriceTableCost()
    {
        var tools = AgentClis.ToolsDirectory("codex");
        await using var server = await FakeModelServer.StartAsync(WriteThenFinish);
        await using var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new CodexRuntime(new CliAgentOptions
        {
            Models = new ModelOptions
            {
                OpenAiBaseUrl = new Uri(server.BaseUrl, "v1"),
                OpenAiApiKey = Key,
                Prices = new Dictionary<string, ModelPrice> { ["openai/gpt-5-codex"] = new(1.25m, 10m) },
            },
            ToolsDirectory = tools,
            StateDirectory = Path.Combine(h.Repo.DataDir, "agent-state"),
        }));
        h.StartWorker();

        var task = await h.SubmitAsync(new TaskSpec
        {
            Title = "Say hello",
            Agent = AgentNames.Codex,
            Model = "openai/gpt-5-codex",
            Instruction = "Write hello.txt saying hello.",
            Verify = new VerifySpec { Checks = [new CheckSpec("hello", "grep -qx 'hello from codex' hello.txt")] },
            Sandbox = new SandboxSpec(),
        });
        var done = await h.WaitForEndAsync(task.Id, TimeSpan.FromMinutes(2));

        var journal = await h.JournalAsync(task.Id);
        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()}: {done.Reason}\n{string.Join("\n", journal.Select(e => $"{e.Kind}: {e.Message}"))}");
        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        Assert.Equal("hello from codex", h.Repo.Git("show", $"{result.Branch}:hello.txt"));
        var call = Assert.Single(journal, e => e.Kind == JournalKinds.ToolCall);
        Assert.Equal("command", call.Message);
        Assert.Contains("hello from codex", call.DataJson, StringComparison.Ordinal);
        Assert.Contains(journal, e => e.Kind == JournalKinds.Output && e.Message == "wrote");
        var turn = JsonDocument.Parse(Assert.Single(journal, e => e.Kind == JournalKinds.ModelTurn).DataJson!).RootElement;
        Assert.Equal(2 * ResponsesWire.InputTokens, turn.GetProperty("input_tokens").GetInt64());
        Assert.Equal(2 * ResponsesWire.OutputTokens, turn.GetProperty("output_tokens").GetInt64());
        Assert.Equal(new ModelPrice(1.25m, 10m).Cost(2 * ResponsesWire.InputTokens, 2 * ResponsesWire.OutputTokens), turn.GetProperty("cost_usd").GetDecimal());
        Assert.Contains(journal, e => e.Kind == JournalKinds.AgentFinished && e.Message == "Wrote hello.txt.");
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("gpt-5-codex", r["model"]!.GetValue<string>()));
        Assert.DoesNotContain(journal, e => e.Message.Contains(Key, StringComparison.Ordinal) || e.DataJson?.Contains(Key, StringComparison.Ordinal) == true);
    }
}
