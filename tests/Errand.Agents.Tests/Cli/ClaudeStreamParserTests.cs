using Errand.Agents.Cli.ClaudeCode;

namespace Errand.Agents.Tests.Cli;

public sealed class ClaudeStreamParserTests
{
    private static List<AgentEvent> ParseAll(ClaudeStreamParser parser, IEnumerable<string> lines) => lines.SelectMany(parser.Parse).ToList();

    [Fact]
    public void Parse_RecordedWriteThenFinish_ToolCallResultTwoTurnsWithTotalsCostAndSession()
    {
        var parser = new ClaudeStreamParser(firstStep: 0);

        var events = ParseAll(parser, CliFixtures.Lines("claude-code-stream.jsonl"));

        const string session = "24efde4c-9c90-4018-9d2b-3f13782d61b2";
        Assert.Equal(session, parser.SessionId);
        Assert.True(parser.Ended);
        var call = Assert.Single(events.OfType<AgentToolCall>());
        Assert.Equal("Write", call.Tool);
        Assert.Contains("hello.txt", call.ArgumentsJson, StringComparison.Ordinal);
        var result = Assert.Single(events.OfType<AgentToolResult>());
        Assert.Equal(("Write", false), (result.Tool, result.Failed));
        Assert.StartsWith("File created successfully", result.Summary, StringComparison.Ordinal);
        var turns = events.OfType<AgentTurn>().ToList();
        Assert.Equal(2, turns.Count);
        Assert.Equal((300L, 80L), (turns.Sum(t => t.InputTokens), turns.Sum(t => t.OutputTokens)));
        Assert.Equal(0.0021m, turns.Sum(t => t.CostUsd ?? 0), 6);
        Assert.Equal([1, 2], events.OfType<AgentCheckpoint>().Select(c => c.Step));
        Assert.All(events.OfType<AgentCheckpoint>(), c => Assert.Equal(session, ClaudeState.Read(c.StateJson)!.SessionId));
        Assert.Equal(["I will write the file.", "Wrote hello.txt."], events.OfType<AgentOutput>().Select(o => o.Text));
        Assert.Equal("Wrote hello.txt.", Assert.IsType<AgentFinished>(events[^1]).Summary);
    }

    [Fact]
    public void Parse_RecordedStream_OnlyTheResultsCheckpointIsFinal_AndTheFinishFollowsIt()
    {
        var events = ParseAll(new ClaudeStreamParser(0), CliFixtures.Lines("claude-code-stream.jsonl"));

        var checkpoints = events.OfType<AgentCheckpoint>().ToList();
        Assert.Equal([false, true], checkpoints.Select(c => c.Final));
        // Final promises no model call before the finish: nothing but the finish comes after it.
        Assert.IsType<AgentFinished>(events[events.IndexOf(checkpoints[^1]) + 1]);
        Assert.Equal(events.Count - 2, events.IndexOf(checkpoints[^1]));
    }

    [Fact]
    public void Parse_ErrorResultAfterATurn_CheckpointIsNotFinal()
    {
        var parser = new ClaudeStreamParser(0);
        parser.Parse("""{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"hi"}],"usage":{"input_tokens":7,"output_tokens":2}}}""").ToList();

        var events = parser.Parse("""{"type":"result","subtype":"error_max_turns","is_error":true,"usage":{"input_tokens":7,"output_tokens":2}}""").ToList();

        Assert.False(Assert.Single(events.OfType<AgentCheckpoint>()).Final);
        Assert.IsType<AgentFailed>(events[^1]);
    }

    [Theory]
    [InlineData("""{"type":"result","is_error":true,"result":"API Error: 401","usage":{"input_tokens":0,"output_tokens":0}}""", "API Error: 401")]
    [InlineData("""{"type":"result","subtype":"error_max_turns","is_error":true}""", "error_max_turns")]
    public void Parse_ErrorResult_Fails(string line, string reason)
    {
        var events = new ClaudeStreamParser(0).Parse(line).ToList();

        Assert.Equal(reason, Assert.IsType<AgentFailed>(events[^1]).Reason);
    }

    [Fact]
    public void Parse_ToolResultWithError_ReportsFailedWithTheCallsArguments()
    {
        var parser = new ClaudeStreamParser(0);
        parser.Parse("""{"type":"assistant","message":{"id":"m1","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"false"}}],"usage":{"input_tokens":5,"output_tokens":1}}}""").ToList();

        var result = Assert.IsType<AgentToolResult>(Assert.Single(parser.Parse(
            """{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","is_error":true,"content":[{"type":"text","text":"Exit code 1"}]}]}}""")));

        Assert.Equal(("Bash", """{"command":"false"}""", true, "Exit code 1"), (result.Tool, result.ArgumentsJson, result.Failed, result.Summary));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2]")]
    public void Parse_NotAnEventObject_PassedOnAsOutput(string line)
    {
        var output = Assert.IsType<AgentOutput>(Assert.Single(new ClaudeStreamParser(0).Parse(line)));

        Assert.Equal(line, output.Text);
    }

    [Fact]
    public void Exited_WithoutResult_FailsWithExitCodeAndClosesTheOpenTurn()
    {
        var parser = new ClaudeStreamParser(3);
        parser.Parse("""{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"hi"}],"usage":{"input_tokens":7,"output_tokens":2}}}""").ToList();

        var events = parser.Exited(1, "boom").ToList();

        Assert.Equal(new AgentTurn(7, 2, null), events[0]);
        Assert.Equal(4, Assert.IsType<AgentCheckpoint>(events[1]).Step);
        Assert.Equal("claude exited 1 without a result: boom", Assert.IsType<AgentFailed>(events[2]).Reason);
    }
}
