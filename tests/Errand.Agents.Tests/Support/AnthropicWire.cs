using System.Text.Json.Nodes;

namespace Errand.Agents.Tests.Support;

/// <summary>Anthropic Messages responses, whole and as the SSE event sequence (message_start … message_stop).</summary>
internal static class AnthropicWire
{
    public const int InputTokens = 150;
    public const int OutputTokens = 40;

    public static string Message(FakeTurn turn, int index)
    {
        var message = Envelope(index);
        message["content"] = new JsonArray([.. Blocks(turn, index)]);
        message["stop_reason"] = StopReason(turn);
        message["usage"] = new JsonObject { ["input_tokens"] = turn.InputTokens ?? InputTokens, ["output_tokens"] = OutputTokens };
        return message.ToJsonString();
    }

    public static IEnumerable<(string Name, string Data)> Events(FakeTurn turn, int index)
    {
        var start = Envelope(index);
        start["content"] = new JsonArray();
        start["stop_reason"] = null;
        start["usage"] = new JsonObject { ["input_tokens"] = turn.InputTokens ?? InputTokens, ["output_tokens"] = 1 };
        yield return Event("message_start", new JsonObject { ["message"] = start });
        var block = 0;
        if (turn.Text is { Length: > 0 } text)
        {
            yield return Event("content_block_start", new JsonObject { ["index"] = block, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
            var half = text.Length / 2;
            foreach (var piece in new[] { text[..half], text[half..] })
            {
                yield return Event("content_block_delta", new JsonObject { ["index"] = block, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece } });
            }

            yield return Event("content_block_stop", new JsonObject { ["index"] = block });
            block++;
        }

        for (var i = 0; i < turn.Calls.Length; i++, block++)
        {
            var call = turn.Calls[i];
            yield return Event("content_block_start", new JsonObject
            {
                ["index"] = block,
                ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = CallId(index, i), ["name"] = call.Name, ["input"] = new JsonObject() },
            });
            var half = call.ArgumentsJson.Length / 2;
            foreach (var piece in new[] { call.ArgumentsJson[..half], call.ArgumentsJson[half..] })
            {
                yield return Event("content_block_delta", new JsonObject { ["index"] = block, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece } });
            }

            yield return Event("content_block_stop", new JsonObject { ["index"] = block });
        }

        yield return Event("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(turn), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = OutputTokens },
        });
        yield return Event("message_stop", new JsonObject());
    }

    private static JsonObject Envelope(int index) => new()
    {
        ["id"] = $"msg_{index}",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = "claude-fake",
        ["stop_sequence"] = null,
    };

    private static IEnumerable<JsonNode> Blocks(FakeTurn turn, int index)
    {
        if (turn.Text is { Length: > 0 } text)
        {
            yield return new JsonObject { ["type"] = "text", ["text"] = text };
        }

        for (var i = 0; i < turn.Calls.Length; i++)
        {
            yield return new JsonObject { ["type"] = "tool_use", ["id"] = CallId(index, i), ["name"] = turn.Calls[i].Name, ["input"] = JsonNode.Parse(turn.Calls[i].ArgumentsJson) };
        }
    }

    private static string StopReason(FakeTurn turn) => turn.Calls.Length > 0 ? "tool_use" : "end_turn";

    private static string CallId(int turn, int call) => $"toolu_{turn}_{call}";

    private static (string, string) Event(string name, JsonObject data)
    {
        var body = new JsonObject { ["type"] = name };
        foreach (var (key, value) in data.ToList())
        {
            data.Remove(key);
            body[key] = value;
        }

        return (name, body.ToJsonString());
    }
}
