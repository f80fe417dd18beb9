using Errand.Agents.Cli.Codex;
using Errand.Agents.Models;

namespace Errand.Agents.Tests.Cli;

public sealed class CodexEventParserTests
{
    [Fact]
    public void Parse_RecordedCommandThenMessage_CommandCallResultOutputAndOneTurnPricedFromTheTable()
    {
        var price = new ModelPrice(1.25m, 10m);
        var parser = new CodexEventParser(firstStep: 2, price);

        var events = CliFixtures.Lines("codex-exec.jsonl").SelectMany(parser.Parse).ToList();
        events.Add(parser.Exited(0, ""));

        const string thread = "01a234ba-7308-7c42-b10e-d9ecb058da4d";
        Assert.Equal(thread, parser.ThreadId);
        var call = Assert.Single(events.OfType<AgentToolCall>());
        Assert.Equal("command", call.Tool);
        Assert.Contains("hello from codex", call.ArgumentsJson, StringComparison.Ordinal);
        var result = Assert.Single(events.OfType<AgentToolResult>());
        Assert.Equal(("command", false, "exit 0: wrote"), (result.Tool, result.Failed, result.Summary));
        Assert.Equal(new AgentTurn(240, 60, price.Cost(240, 60)), Assert.Single(events.OfType<AgentTurn>()));
        var checkpoint = Assert.Single(events.OfType<AgentCheckpoint>());
        Assert.Equal((3, thread), (checkpoint.Step, CodexState.Read(checkpoint.StateJson)!.ThreadId));
        Assert.Contains(events.OfType<AgentOutput>(), o => o.Stream == "stderr" && o.Text.StartsWith("Model metadata", StringComparison.Ordinal));
        Assert.Equal("Wrote hello.txt.", Assert.IsType<AgentFinished>(events[^1]).Summary);
    }

    [Fact]
    public void Parse_RecordedRun_TurnCompletedCheckpointIsFinal_AndOnlyTheEndFollowsIt()
    {
        var parser = new CodexEventParser(0, null);
        var events = CliFixtures.Lines("codex-exec.jsonl").SelectMany(parser.Parse).ToList();
        events.Add(parser.Exited(0, ""));

        var checkpoint = Assert.Single(events.OfType<AgentCheckpoint>());
        Assert.True(checkpoint.Final);
        Assert.IsType<AgentFinished>(Assert.Single(events.Skip(events.IndexOf(checkpoint) + 1)));
    }

    [Theory]
    [InlineData("""{"type":"item.completed","item":{"type":"command_execution","command":"false","aggregated_output":"","exit_code":1,"status":"failed"}}""", true)]
    [InlineData("""{"type":"item.completed","item":{"type":"command_execution","command":"true","aggregated_output":"","exit_code":0,"status":"completed"}}""", false)]
    [InlineData("""{"type":"item.completed","item":{"type":"file_change","changes":[{"path":"a.txt","kind":"add"}],"status":"failed"}}""", true)]
    public void Parse_CompletedItem_FailedFollowsExitCodeOrStatus(string line, bool failed)
    {
        var result = Assert.Single(new CodexEventParser(0, null).Parse(line).OfType<AgentToolResult>());

        Assert.Equal(failed, result.Failed);
    }

    [Fact]
    public void Parse_TurnFailed_Fails()
    {
        var events = new CodexEventParser(0, null).Parse("""{"type":"turn.failed","error":{"message":"stream disconnected"}}""");

        Assert.Equal("stream disconnected", Assert.IsType<AgentFailed>(Assert.Single(events)).Reason);
    }

    [Fact]
    public void Exited_NonZero_FailsWithTail()
    {
        Assert.Equal("codex exited 2: bad flag", Assert.IsType<AgentFailed>(new CodexEventParser(0, null).Exited(2, "bad flag\n")).Reason);
    }
}
