using System.Globalization;
using System.Text.Json.Nodes;
using Errand.Agents.Models;

namespace Errand.Agents.Cli.Codex;

/// <summary>
/// Turns <c>codex exec --json</c> lines into agent events: commands and file changes as tool calls and results,
/// agent messages as output, a turn (tokens, and the cost from Errand's price table, since Codex reports none) and a
/// checkpoint (the thread id) per <c>turn.completed</c>. Stateful: one instance per run.
/// </summary>
internal sealed class CodexEventParser(int firstStep, ModelPrice? price)
{
    private int _step = firstStep;
    private string? _lastMessage;

    /// <summary>The thread id from <c>thread.started</c>, once seen.</summary>
    public string? ThreadId { get; private set; }

    /// <summary>The events one stdout line stands for; lines that are not JSON are passed on as output.</summary>
    public IEnumerable<AgentEvent> Parse(string line)
    {
        if (JsonLines.ObjectOrNull(line) is not { } json)
        {
            return JsonLines.AsOutput(line);
        }

        switch (Text(json["type"]))
        {
            case "thread.started":
                ThreadId = Text(json["thread_id"]);
                return [];
            case "item.started" when json["item"] is JsonObject item:
                return Started(item);
            case "item.completed" when json["item"] is JsonObject item:
                return Completed(item);
            case "turn.completed":
                return Turn(json["usage"] as JsonObject);
            case "turn.failed":
                return [new AgentFailed(Text((json["error"] as JsonObject)?["message"]) ?? "codex turn failed")];
            case "error":
                return [new AgentOutput("stderr", Text(json["message"]) ?? line)];
            default:
                return [];
        }
    }

    /// <summary>How the run ends once the process has exited: finished with its last message after exit 0, else failed.</summary>
    public AgentEvent Exited(int exitCode, string outputTail) => exitCode == 0
        ? new AgentFinished(_lastMessage ?? "codex finished")
        : new AgentFailed(string.Create(CultureInfo.InvariantCulture,
            $"codex exited {exitCode}{(outputTail.Trim().Length == 0 ? "" : ": " + Last(outputTail.Trim(), 500))}"));

    private static IEnumerable<AgentEvent> Started(JsonObject item) => Text(item["type"]) switch
    {
        "command_execution" => [new AgentToolCall("command", Arguments(item))],
        _ => [],
    };

    private IEnumerable<AgentEvent> Completed(JsonObject item)
    {
        switch (Text(item["type"]))
        {
            case "command_execution":
                var exit = item["exit_code"] is JsonValue v && v.TryGetValue<int>(out var code) ? code : (int?)null;
                var output = Text(item["aggregated_output"])?.TrimEnd() ?? "";
                foreach (var part in output.Length == 0 ? [] : output.Split('\n'))
                {
                    yield return new AgentOutput("stdout", part);
                }

                yield return new AgentToolResult("command", Arguments(item), exit != 0 || Text(item["status"]) == "failed",
                    $"exit {(exit?.ToString(CultureInfo.InvariantCulture) ?? "?")}{(output.Length == 0 ? "" : ": " + Last(output, 300))}");
                break;
            case "file_change":
                var changes = item["changes"]?.ToJsonString() ?? "[]";
                var failed = Text(item["status"]) == "failed";
                yield return new AgentToolCall("file_change", changes);
                yield return new AgentToolResult("file_change", changes, failed, failed ? "patch failed" : "applied");
                break;
            case "agent_message" when Text(item["text"]) is { Length: > 0 } text:
                _lastMessage = text;
                foreach (var part in text.Split('\n'))
                {
                    yield return new AgentOutput("stdout", part);
                }

                break;
            case "error":
                yield return new AgentOutput("stderr", Text(item["message"]) ?? "codex error");
                break;
        }
    }

    private IEnumerable<AgentEvent> Turn(JsonObject? usage)
    {
        var input = Long(usage?["input_tokens"]);
        var output = Long(usage?["output_tokens"]);
        yield return new AgentTurn(input, output, price?.Cost(input, output));
        // codex exec runs one turn per prompt and exits after turn.completed: no model call follows this checkpoint,
        // so a budget this turn used up still lets the finish through.
        yield return new AgentCheckpoint(++_step, CodexState.Serialize(new CodexState(ThreadId))) { Final = true };
    }

    private static string Arguments(JsonObject item) => new JsonObject { ["command"] = Text(item["command"]) ?? "" }.ToJsonString();

    private static long Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Last(string text, int max) => text.Length <= max ? text : "…" + text[^max..];
}
