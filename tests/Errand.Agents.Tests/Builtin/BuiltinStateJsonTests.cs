using Errand.Agents.Builtin;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Tests.Builtin;

public sealed class BuiltinStateJsonTests
{
    private static BuiltinState Sample() => new()
    {
        Step = 3,
        Round = 2,
        DroppedTurns = 1,
        Messages =
        [
            new(ConversationMessage.System, [new TextPart("You are…")]),
            ConversationMessage.FromUser("Fix it. \"Quotes\", <tags>, ünïcode, and\nnew lines"),
            new(ConversationMessage.Assistant, [new TextPart("Reading."), new ToolCallPart("call_1", "read_file", """{"path":"a b.txt","start_line":2,"nested":{"x":[1,true,null]}}""")]),
            new(ConversationMessage.Tool, [new ToolResultPart("call_1", "read_file", "line 1\n\ttabbed")]),
        ],
    };

    [Fact]
    public void Serialize_ThenDeserialize_RoundTripsEveryPart()
    {
        var state = Sample();

        var back = BuiltinStateJson.TryDeserialize(BuiltinStateJson.Serialize(state))!;

        Assert.Equal((state.Step, state.Round, state.DroppedTurns, state.Finished), (back.Step, back.Round, back.DroppedTurns, back.Finished));
        Assert.Equal(state.Messages.Count, back.Messages.Count);
        for (var i = 0; i < state.Messages.Count; i++)
        {
            Assert.Equal(state.Messages[i].Role, back.Messages[i].Role);
            Assert.Equal(state.Messages[i].Parts, back.Messages[i].Parts);
        }

        Assert.Equal(BuiltinStateJson.Serialize(state), BuiltinStateJson.Serialize(back));
    }

    [Fact]
    public void Serialize_DerivedMessageProperties_AreNotStored()
    {
        var json = BuiltinStateJson.Serialize(Sample());

        Assert.DoesNotContain("\"calls\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"size\":", json, StringComparison.Ordinal);
        Assert.Equal(1, json.Split("\"Reading.\"").Length - 1);
    }

    [Fact]
    public void TryDeserialize_CheckpointThatStoredDerivedProperties_StillResumes()
    {
        const string before = """{"agent":"builtin","version":1,"step":1,"messages":[{"role":"assistant","parts":[{"type":"call","call_id":"c1","name":"finish","arguments_json":"{}","size":8}],"size":8,"calls":[{"call_id":"c1","name":"finish","arguments_json":"{}","size":8}],"text":""}]}""";

        var state = BuiltinStateJson.TryDeserialize(before)!;

        var call = Assert.Single(state.Messages[0].Calls);
        Assert.Equal(("c1", "finish", "{}"), (call.CallId, call.Name, call.ArgumentsJson));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"step":1}""")]
    [InlineData("""{"agent":"codex","version":1,"messages":[{"role":"user","parts":[{"type":"text","text":"x"}]}]}""")]
    [InlineData("""{"agent":"builtin","version":99,"messages":[{"role":"user","parts":[{"type":"text","text":"x"}]}]}""")]
    public void TryDeserialize_NotABuiltinCheckpoint_ReturnsNull(string? json) => Assert.Null(BuiltinStateJson.TryDeserialize(json));

    [Fact]
    public void ToChat_FromStoredParts_GivesTextCallsAndResults()
    {
        var chat = ConversationMapper.ToChat(BuiltinStateJson.TryDeserialize(BuiltinStateJson.Serialize(Sample()))!.Messages);

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool], chat.Select(m => m.Role));
        var call = Assert.IsType<FunctionCallContent>(chat[2].Contents[1]);
        Assert.Equal(("call_1", "read_file"), (call.CallId, call.Name));
        Assert.Equal("a b.txt", call.Arguments!["path"]!.ToString());
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(chat[3].Contents));
        Assert.Equal(("call_1", "line 1\n\ttabbed"), (result.CallId, result.Result));
    }

    [Fact]
    public void FromResponse_CallWithoutId_GetsOneFromTheStep()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, [new TextContent("hm"), new FunctionCallContent("", "finish", new Dictionary<string, object?> { ["summary"] = "done" })]));

        var message = ConversationMapper.FromResponse(response, 7);

        var call = Assert.Single(message.Calls);
        Assert.Equal(("call-7-1", "finish", """{"summary":"done"}"""), (call.CallId, call.Name, call.ArgumentsJson));
        Assert.Equal("hm", message.Text);
    }
}
