using System.Text.Json.Nodes;

namespace Errand.Agents.Tests.Support;

/// <summary>
/// OpenAI Responses streaming events (response.created, response.output_item.added/done, response.completed with
/// usage), as Codex reads them. A call named <c>exec_command</c> is a function call; text is an assistant message.
/// </summary>
internal static class ResponsesWire
{
    public const int InputTokens = 120;
    public const int OutputTokens = 30;

    /// <summary>Which turn a request asks for: the model's own items (calls, assistant messages) already in its input.</summary>
    public static int TurnIndex(JsonObject request) => (request["input"] as JsonArray ?? []).OfType<JsonObject>().Count(item =>
        item["type"]?.GetValue<string>() == "function_call"
        || (item["type"]?.GetValue<string>() == "message" && item["role"]?.GetValue<string>() == "assistant"));

    public static IEnumerable<(string Name, string Data)> Events(FakeTurn turn, int index)
    {
        var id = $"resp_{index}";
        yield return Event("response.created", new JsonObject { ["response"] = new JsonObject { ["id"] = id } });
        var output = 0;
        foreach (var item in Items(turn, index))
        {
            yield return Event("response.output_item.added", new JsonObject { ["output_index"] = output, ["item"] = item.DeepClone() });
            yield return Event("response.output_item.done", new JsonObject { ["output_index"] = output++, ["item"] = item });
        }

        yield return Event("response.completed", new JsonObject
        {
            ["response"] = new JsonObject
            {
                ["id"] = id,
                ["usage"] = new JsonObject
                {
                    ["input_tokens"] = InputTokens,
                    ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
                    ["output_tokens"] = OutputTokens,
                    ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
                    ["total_tokens"] = InputTokens + OutputTokens,
                },
            },
        });
    }

    private static IEnumerable<JsonObject> Items(FakeTurn turn, int index)
    {
        if (turn.Text is { Length: > 0 } text)
        {
            yield return new JsonObject
            {
                ["type"] = "message",
                ["id"] = $"msg_{index}",
                ["role"] = "assistant",
                ["status"] = "completed",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
            };
        }

        for (var i = 0; i < turn.Calls.Length; i++)
        {
            yield return new JsonObject
            {
                ["type"] = "function_call",
                ["id"] = $"fc_{index}_{i}",
                ["call_id"] = $"call_{index}_{i}",
                ["name"] = turn.Calls[i].Name,
                ["arguments"] = turn.Calls[i].ArgumentsJson,
                ["status"] = "completed",
            };
        }
    }

    private static (string, string) Event(string name, JsonObject data)
    {
        data["type"] = name;
        return (name, data.ToJsonString());
    }
}
