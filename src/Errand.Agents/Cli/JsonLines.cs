using System.Text.Json;
using System.Text.Json.Nodes;

namespace Errand.Agents.Cli;

/// <summary>The line-delimited JSON the CLI agents print: an object per line, anything else passed on as output.</summary>
internal static class JsonLines
{
    /// <summary>The line as a JSON object, or null when it is not one.</summary>
    public static JsonObject? ObjectOrNull(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A line that is not JSON, as the agent's output (an empty line as nothing).</summary>
    public static IEnumerable<AgentEvent> AsOutput(string line) => line.Length == 0 ? [] : [new AgentOutput("stdout", line)];
}
