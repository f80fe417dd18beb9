using System.Globalization;
using System.Text.Json.Nodes;

namespace Errand.Agents.Cli.ClaudeCode;

/// <summary>
/// Turns Claude Code's <c>--output-format stream-json</c> lines into agent events: text and tool calls from
/// <c>assistant</c> lines, tool results from <c>user</c> lines, a turn and a checkpoint (the session id) per model
/// message, and the end from the <c>result</c> line. Stateful: one instance per run.
/// </summary>
internal sealed class ClaudeStreamParser(int firstStep)
{
    private readonly Dictionary<string, (string Tool, string Arguments)> _calls = new(StringComparer.Ordinal);
    private string? _messageId;
    private (long Input, long Output) _pending;
    private (long Input, long Output) _counted;
    private int _step = firstStep;

    /// <summary>The session id from <c>system/init</c>, once seen.</summary>
    public string? SessionId { get; private set; }

    /// <summary>True once the <c>result</c> line ended the run.</summary>
    public bool Ended { get; private set; }

    /// <summary>The events one stdout line stands for; lines that are not JSON are passed on as output.</summary>
    public IEnumerable<AgentEvent> Parse(string line)
    {
        if (JsonLines.ObjectOrNull(line) is not { } json)
        {
            return JsonLines.AsOutput(line);
        }

        SessionId ??= Text(json["session_id"]);
        return Text(json["type"]) switch
        {
            "assistant" => Assistant(json),
            "user" => User(json),
            "result" => Result(json),
            _ => [],
        };
    }

    /// <summary>What to say when the process ended without a <c>result</c> line.</summary>
    public IEnumerable<AgentEvent> Exited(int exitCode, string outputTail)
    {
        foreach (var e in CloseTurn())
        {
            yield return e;
        }

        var tail = outputTail.Trim();
        yield return new AgentFailed(string.Create(CultureInfo.InvariantCulture,
            $"claude exited {exitCode} without a result{(tail.Length == 0 ? "" : ": " + Last(tail, 500))}"));
    }

    private IEnumerable<AgentEvent> Assistant(JsonObject json)
    {
        if (json["message"] is not JsonObject message)
        {
            yield break;
        }

        // One model message arrives as several lines (one per content block) sharing its id: a new id is a new turn.
        var id = Text(message["id"]);
        if (id != _messageId)
        {
            foreach (var e in CloseTurn())
            {
                yield return e;
            }

            _messageId = id;
            _pending = Usage(message["usage"] as JsonObject);
        }

        foreach (var block in (message["content"] as JsonArray ?? []).OfType<JsonObject>())
        {
            switch (Text(block["type"]))
            {
                case "text" when Text(block["text"]) is { Length: > 0 } text:
                    foreach (var part in text.Split('\n'))
                    {
                        yield return new AgentOutput("stdout", part);
                    }

                    break;
                case "tool_use":
                    var tool = Text(block["name"]) ?? "tool";
                    var arguments = block["input"]?.ToJsonString() ?? "{}";
                    _calls[Text(block["id"]) ?? ""] = (tool, arguments);
                    yield return new AgentToolCall(tool, arguments);
                    break;
            }
        }
    }

    private IEnumerable<AgentEvent> User(JsonObject json)
    {
        var content = (json["message"] as JsonObject)?["content"] as JsonArray ?? [];
        foreach (var block in content.OfType<JsonObject>().Where(b => Text(b["type"]) == "tool_result"))
        {
            var (tool, arguments) = _calls.GetValueOrDefault(Text(block["tool_use_id"]) ?? "", ("tool", "{}"));
            var failed = block["is_error"] is JsonValue v && v.TryGetValue<bool>(out var isError) && isError;
            yield return new AgentToolResult(tool, arguments, failed, Last(ResultText(block["content"]), 300));
        }
    }

    private IEnumerable<AgentEvent> Result(JsonObject json)
    {
        Ended = true;

        // The stream's assistant lines carry each message's usage as it started; the result holds the true totals.
        // The last turn takes the difference, so the journal's turns add up to what the CLI reports, cost included.
        var total = Usage(json["usage"] as JsonObject);
        var cost = json["total_cost_usd"] is JsonValue c && c.TryGetValue<decimal>(out var usd) ? usd : (decimal?)null;
        var text = Text(json["result"]) ?? "";
        var isError = json["is_error"] is JsonValue e && e.TryGetValue<bool>(out var error) && error;
        if (_messageId is not null || total.Input + total.Output > 0)
        {
            var input = Math.Max(0, total.Input - _counted.Input);
            var output = Math.Max(0, total.Output - _counted.Output);
            _messageId = null;
            yield return new AgentTurn(input, output, cost);
            // The result line is the CLI's last word: no model call follows, so a budget this turn used up still
            // lets its finish through. Not after an error: that run stops partial, its work kept for an extend.
            yield return Checkpoint() with { Final = !isError };
        }

        yield return isError
            ? new AgentFailed(text.Length > 0 ? text : Text(json["subtype"]) ?? "claude reported an error")
            : new AgentFinished(text.Length > 0 ? text : "claude finished");
    }

    private IEnumerable<AgentEvent> CloseTurn()
    {
        if (_messageId is null)
        {
            yield break;
        }

        _messageId = null;
        _counted = (_counted.Input + _pending.Input, _counted.Output + _pending.Output);
        yield return new AgentTurn(_pending.Input, _pending.Output, null);
        yield return Checkpoint();
    }

    private AgentCheckpoint Checkpoint() => new(++_step, ClaudeState.Serialize(new ClaudeState(SessionId)));

    // Cached prompt tokens are input too: a budget in tokens counts what the model read.
    private static (long Input, long Output) Usage(JsonObject? usage) => usage is null
        ? (0, 0)
        : (Long(usage["input_tokens"]) + Long(usage["cache_creation_input_tokens"]) + Long(usage["cache_read_input_tokens"]), Long(usage["output_tokens"]));

    private static long Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string ResultText(JsonNode? content) => content switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray blocks => string.Join("\n", blocks.OfType<JsonObject>().Select(b => Text(b["text"])).OfType<string>()),
        _ => "",
    };

    private static string Last(string text, int max) => text.Length <= max ? text : "…" + text[^max..];
}
