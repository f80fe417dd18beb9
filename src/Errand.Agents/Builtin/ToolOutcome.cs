using System.Text.RegularExpressions;

namespace Errand.Agents.Builtin;

/// <summary>
/// Turns a tool's text result into the engine's <see cref="AgentToolResult"/>: failed or not, and a summary that is
/// the same when the failure is the same — durations are dropped, so two identical failing runs compare equal.
/// </summary>
internal static partial class ToolOutcome
{
    private const int SummaryChars = 2000;

    public static AgentToolResult Of(string tool, string argumentsJson, string result)
    {
        if (result.StartsWith("error:", StringComparison.Ordinal))
        {
            return new AgentToolResult(tool, argumentsJson, true, Clip(result));
        }

        if (tool != "run_command")
        {
            return new AgentToolResult(tool, argumentsJson, false, Clip(result.Split('\n', 2)[0]));
        }

        var failed = !result.StartsWith("exit code 0 ", StringComparison.Ordinal);
        return new AgentToolResult(tool, argumentsJson, failed, Clip(Duration().Replace(result, "$1")));
    }

    private static string Clip(string text) => text.Length <= SummaryChars ? text : text[..SummaryChars];

    [GeneratedRegex(@"^((?:exit code -?\d+)|(?:timed out)) after [0-9.]+s", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
