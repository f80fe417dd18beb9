using System.Text.Json.Nodes;
using Errand.Agents;
using Errand.Agents.Cli;
using Errand.Agents.Cli.ClaudeCode;
using Errand.Agents.Cli.Codex;
using Errand.Agents.Models;
using Errand.Agents.Tests.Support;
using Errand.Engine.Tests.Support;
using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Engine.Tests.Agents;

/// <summary>
/// A CLI agent's session resumes on a worker without its state folder: the checkpoint carries the session files.
/// The real Claude Code and Codex CLIs in bubblewrap against the fake Anthropic and Responses servers; round two is
/// fed by a failed check.
/// </summary>
public sealed class CliSessionResumeTests
{
    private static readonly FakeTurn[] TwoRounds =
    [
        new("I will write the file.", new FakeCall("Write", """{"file_path":"/workspace/hello.txt","content":"hello from claude\n"}""")),
        new("Wrote hello.txt."),
        new("The check wants another greeting.", new FakeCall("Write", """{"file_path":"/workspace/hello.txt","content":"hello again\n"}""")),
        new("Fixed hello.txt."),
    ];

    // Calls without text: the fake Responses server counts the model's own items in the input to pick the turn.
    private static readonly FakeTurn[] CodexTwoRounds =
    [
        new(null, new FakeCall("exec_command", """{"cmd":"printf 'hello from codex\\n' > hello.txt"}""")),
        new("Wrote hello.txt."),
        new(null, new FakeCall("exec_command", """{"cmd":"printf 'hello again\\n' > hello.txt"}""")),
        new("Fixed hello.txt."),
    ];

    [Fact]
    public async Task ClaudeCode_StateFolderGoneBeforeRoundTwo_ResumesTheSessionFromTheCheckpoint()
    {
        var tools = AgentClis.ToolsDirectory("claude");
        await using var server = await FakeModelServer.StartAsync(TwoRounds);

        var state = await RunTwoRoundsAsync(server, "anthropic/claude-sonnet-4-5", "messages", "I will write the file.", options => new ClaudeCodeRuntime(options with
        {
            Models = new ModelOptions { AnthropicBaseUrl = server.BaseUrl, AnthropicApiKey = "sk-ant-test" },
            ToolsDirectory = tools,
        }));

        Assert.False(string.IsNullOrEmpty(state["sessionId"]?.GetValue<string>()), state.ToJsonString());
    }

    [Fact]
    public async Task Codex_StateFolderGoneBeforeRoundTwo_ResumesTheThreadFromTheCheckpoint()
    {
        var tools = AgentClis.ToolsDirectory("codex");
        await using var server = await FakeModelServer.StartAsync(CodexTwoRounds);

        var state = await RunTwoRoundsAsync(server, "openai/gpt-5-codex", "input", "hello from codex", options => new CodexRuntime(options with
        {
            Models = new ModelOptions { OpenAiBaseUrl = new Uri(server.BaseUrl, "v1"), OpenAiApiKey = "sk-openai-test" },
            ToolsDirectory = tools,
        }));

        Assert.False(string.IsNullOrEmpty(state["threadId"]?.GetValue<string>()), state.ToJsonString());
    }

    /// <summary>
    /// Runs a two-round task whose state folder is wiped before round two, checks that round two continued round
    /// one's conversation (<paramref name="conversationField"/> of its first request holds <paramref name="roundOneCall"/>),
    /// and returns the last checkpoint's state.
    /// </summary>
    private static async Task<JsonNode> RunTwoRoundsAsync(
        FakeModelServer server, string model, string conversationField, string roundOneCall, Func<CliAgentOptions, IAgentRuntime> runtime)
    {
        await using var h = await EngineHarness.CreateAsync();
        var stateDirectory = Path.Combine(h.Repo.DataDir, "agent-state");
        var agent = new StateWipingAgent(runtime(new CliAgentOptions { StateDirectory = stateDirectory }), stateDirectory);
        h.ExtraAgents.Add(agent);
        h.StartWorker();

        var task = await h.SubmitAsync(new TaskSpec
        {
            Title = "Say hello again",
            Agent = agent.Name,
            Model = model,
            Instruction = "Write hello.txt with a greeting.",
            Verify = new VerifySpec { Checks = [new CheckSpec("hello", "grep -qx 'hello again' hello.txt")], Attempts = 2 },
            Sandbox = new SandboxSpec(),
        });
        var done = await h.WaitForEndAsync(task.Id, TimeSpan.FromMinutes(3));

        var journal = await h.JournalAsync(task.Id);
        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()}: {done.Reason}\n{string.Join("\n", journal.Select(e => $"{e.Kind}: {e.Message}"))}");
        Assert.Equal(1, agent.Wiped);
        Assert.Equal("hello again", h.Repo.Git("show", $"{ErrandJson.Deserialize<TaskResult>(done.ResultJson!).Branch}:hello.txt"));
        Assert.Equal(4, server.Requests.Count);
        // Round two's first request carries round one's conversation: the CLI resumed its session, not a new one.
        var resumed = server.Requests[2][conversationField]!.ToJsonString();
        Assert.Contains(roundOneCall, resumed, StringComparison.Ordinal);
        Assert.Contains("Wrote hello.txt.", resumed, StringComparison.Ordinal);
        Assert.Contains("verify round 2", resumed, StringComparison.Ordinal);
        Assert.DoesNotContain(journal, e => e.Message.Contains("a resume on another worker starts a fresh session", StringComparison.Ordinal));

        var checkpoint = await h.Store.GetLatestCheckpointAsync(task.Id, CancellationToken.None);
        var state = JsonNode.Parse(checkpoint!.StateJson)!;
        var packed = state["sessionFiles"]!.GetValue<string>();
        TestContext.Current.TestOutputHelper?.WriteLine($"{agent.Name} session files in the last checkpoint: {packed.Length} base64 characters (measured: one 270 KB session file packs to about 70 KB)");
        // At most the 1 MiB a checkpoint carries, in base64.
        Assert.InRange(packed.Length, 1, (1 << 20) * 4 / 3 + 4);
        return state;
    }
}
