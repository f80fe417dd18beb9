using System.Text.Json.Nodes;

namespace Errand.Agents.Tests.Support;

/// <summary>OpenAI Chat Completions responses, whole and as stream chunks (arguments split across chunks as real servers do).</summary>
internal static class OpenAiWire
{
    public const int PromptTokens = 120;
    public const int CompletionTokens = 30;

    public static string Completion(FakeTurn turn, int index)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = turn.Text };
        if (turn.Calls.Length > 0)
        {
            message["tool_calls"] = new JsonArray([.. turn.Calls.Select((c, i) => (JsonNode)new JsonObject
            {
                ["id"] = CallId(index, i),
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
            })]);
        }

        return new JsonObject
        {
            ["id"] = $"chatcmpl-{index}",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = "fake-gpt",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = FinishReason(turn) }),
            ["usage"] = Usage(turn),
        }.ToJsonString();
    }

    public static IEnumerable<string> Chunks(FakeTurn turn, int index)
    {
        yield return Chunk(index, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        if (turn.Text is { Length: > 0 } text)
        {
            var half = text.Length / 2;
            yield return Chunk(index, new JsonObject { ["content"] = text[..half] }, null);
            yield return Chunk(index, new JsonObject { ["content"] = text[half..] }, null);
        }

        for (var i = 0; i < turn.Calls.Length; i++)
        {
            var call = turn.Calls[i];
            yield return Chunk(index, ToolDelta(i, new JsonObject { ["id"] = CallId(index, i), ["type"] = "function", ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" } }), null);
            var half = call.ArgumentsJson.Length / 2;
            yield return Chunk(index, ToolDelta(i, new JsonObject { ["function"] = new JsonObject { ["arguments"] = call.ArgumentsJson[..half] } }), null);
            yield return Chunk(index, ToolDelta(i, new JsonObject { ["function"] = new JsonObject { ["arguments"] = call.ArgumentsJson[half..] } }), null);
        }

        yield return Chunk(index, new JsonObject(), FinishReason(turn));
        if (!turn.ReportsUsage)
        {
            yield break;
        }

        yield return new JsonObject
        {
            ["id"] = $"chatcmpl-{index}",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = "fake-gpt",
            ["choices"] = new JsonArray(),
            ["usage"] = Usage(turn),
        }.ToJsonString();
    }

    private static string CallId(int turn, int call) => $"call_{turn}_{call}";

    private static string FinishReason(FakeTurn turn) => turn.Calls.Length > 0 ? "tool_calls" : "stop";

    private static JsonObject? Usage(FakeTurn turn) => turn.ReportsUsage
        ? new() { ["prompt_tokens"] = turn.InputTokens ?? PromptTokens, ["completion_tokens"] = CompletionTokens, ["total_tokens"] = (turn.InputTokens ?? PromptTokens) + CompletionTokens }
        : null;

    private static JsonObject ToolDelta(int index, JsonObject call)
    {
        call["index"] = index;
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    private static string Chunk(int index, JsonObject delta, string? finish) => new JsonObject
    {
        ["id"] = $"chatcmpl-{index}",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = "fake-gpt",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    }.ToJsonString();
}
