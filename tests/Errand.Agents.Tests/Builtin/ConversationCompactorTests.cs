using Errand.Agents.Builtin;

namespace Errand.Agents.Tests.Builtin;

public sealed class ConversationCompactorTests
{
    private static BuiltinState Conversation(int turns, int resultChars)
    {
        var messages = new List<ConversationMessage>
        {
            new(ConversationMessage.System, [new TextPart("system prompt")]),
            ConversationMessage.FromUser("the instruction"),
        };
        for (var i = 1; i <= turns; i++)
        {
            messages.Add(new ConversationMessage(ConversationMessage.Assistant, [new TextPart($"turn {i}"), new ToolCallPart($"c{i}", "read_file", $$"""{"path":"f{{i}}.txt"}""")]));
            messages.Add(new ConversationMessage(ConversationMessage.Tool, [new ToolResultPart($"c{i}", "read_file", new string('x', resultChars))]));
        }

        return new BuiltinState { Step = turns, Messages = messages };
    }

    [Fact]
    public void Compact_WithinBudget_ReturnsTheSameState()
    {
        var state = Conversation(5, 100);

        Assert.Same(state, new ConversationCompactor(25_000, 4).Compact(state));
    }

    [Fact]
    public void Compact_ReportedTokensOverBudget_CompactsThoughTheTextIsShort()
    {
        var state = Conversation(10, 500);
        state = state with { Context = new ContextUsage(40_000, state.Messages.Count) };

        var compacted = new ConversationCompactor(25_000, 4).Compact(state);

        // ~5,600 characters, which the estimate puts at ~1,400 tokens: only the provider's count is over.
        Assert.NotSame(state, compacted);
        Assert.Contains(compacted.Messages.SelectMany(m => m.Parts), p => p is ToolResultPart r && r.Text.Contains("removed to save context", StringComparison.Ordinal));
        Assert.Null(compacted.Context);
    }

    [Fact]
    public void Compact_ReportedTokensUnderBudget_LeavesTheLongTextAlone()
    {
        var state = Conversation(10, 5_000);
        state = state with { Context = new ContextUsage(1_000, state.Messages.Count) };

        Assert.Same(state, new ConversationCompactor(7_500, 4).Compact(state));
    }

    [Fact]
    public void Tokens_MessagesAfterTheReportedOnes_AreAddedAtFourCharactersAToken()
    {
        var state = Conversation(2, 4_000);
        var counted = state.Messages.Count - 1;

        Assert.Equal(1_000 + 1_000, ConversationCompactor.Tokens(state with { Context = new ContextUsage(1_000, counted) }));
        Assert.Equal((ConversationCompactor.Size(state.Messages) + 3) / 4, ConversationCompactor.Tokens(state));
        // A count of more messages than there are (a checkpoint from before a compaction) is not trusted.
        Assert.Equal(ConversationCompactor.Tokens(state), ConversationCompactor.Tokens(state with { Context = new ContextUsage(9, 99) }));
    }

    [Fact]
    public void Compact_OverBudget_StubsOldToolResultsAndKeepsRecentTurnsWhole()
    {
        var state = Conversation(10, 5_000);

        var compacted = new ConversationCompactor(7_500, 4).Compact(state);

        Assert.True(ConversationCompactor.Size(compacted.Messages) <= 30_000);
        Assert.Equal(state.Messages.Count, compacted.Messages.Count);
        Assert.Equal(state.Messages[0], compacted.Messages[0]);
        Assert.Equal(state.Messages[1], compacted.Messages[1]);
        var results = compacted.Messages.SelectMany(m => m.Parts).OfType<ToolResultPart>().ToList();
        Assert.All(results[..8], r => Assert.StartsWith("[read_file result of 5,000 characters removed to save context", r.Text, StringComparison.Ordinal));
        Assert.All(results[8..], r => Assert.Equal(5_000, r.Text.Length));
        Assert.Equal(0, compacted.DroppedTurns);
    }

    [Fact]
    public void Compact_StubsNotEnough_DropsOldestWholeTurnsAndNotesIt()
    {
        var state = Conversation(200, 300);

        var compacted = new ConversationCompactor(3_000, 6).Compact(state);

        Assert.True(ConversationCompactor.Size(compacted.Messages) <= 12_000);
        Assert.Equal("system prompt", compacted.Messages[0].Text);
        Assert.StartsWith("the instruction\n[Errand: ", compacted.Messages[1].Text, StringComparison.Ordinal);
        Assert.Contains($"{compacted.DroppedTurns} earlier turn(s) were removed", compacted.Messages[1].Text, StringComparison.Ordinal);
        Assert.Equal(ConversationMessage.Assistant, compacted.Messages[2].Role);
        Assert.Equal("turn 200", compacted.Messages[^2].Text);
        // Every remaining result still follows the call it answers.
        var calls = compacted.Messages.SelectMany(m => m.Calls).Select(c => c.CallId).ToHashSet();
        Assert.All(compacted.Messages.SelectMany(m => m.Parts).OfType<ToolResultPart>(), r => Assert.Contains(r.CallId, calls));

        var again = new ConversationCompactor(3_000, 6).Compact(compacted with { Messages = [.. compacted.Messages, .. Conversation(30, 300).Messages.Skip(2)] });
        Assert.Single(again.Messages[1].Parts, p => p is TextPart t && t.Text.StartsWith("[Errand: ", StringComparison.Ordinal));
        Assert.True(again.DroppedTurns > compacted.DroppedTurns);
    }

    [Fact]
    public void Compact_LongOldWriteArguments_AreElidedAsValidJson()
    {
        var state = Conversation(10, 10);
        var big = $$"""{"path":"big.txt","content":"{{new string('y', 50_000)}}"}""";
        var messages = state.Messages.ToList();
        messages[2] = new ConversationMessage(ConversationMessage.Assistant, [new ToolCallPart("c1", "write_file", big)]);

        var compacted = new ConversationCompactor(5_000, 4).Compact(state with { Messages = messages });

        var call = compacted.Messages[2].Calls.Single();
        using var json = System.Text.Json.JsonDocument.Parse(call.ArgumentsJson);
        Assert.Contains("characters of arguments removed", json.RootElement.GetProperty("_elided").GetString(), StringComparison.Ordinal);
    }
}
