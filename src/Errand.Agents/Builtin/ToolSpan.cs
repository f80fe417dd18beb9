using System.Diagnostics;
using Errand.Telemetry;

namespace Errand.Agents.Builtin;

/// <summary>
/// The <c>execute_tool</c> span of one tool call (GenAI semantic conventions): the tool's name and the model's call id,
/// never its arguments or result, which may hold file contents or what a secret printed.
/// </summary>
internal static class ToolSpan
{
    public static Activity? Start(string tool, string callId)
    {
        var span = ErrandTelemetry.Source.StartActivity(SpanNames.Tool(tool));
        if (span is not null)
        {
            span.SetTag(SpanAttributes.GenAiOperation, "execute_tool");
            span.SetTag(SpanAttributes.GenAiToolName, tool);
            span.SetTag(SpanAttributes.GenAiToolCallId, callId);
        }

        return span;
    }

    /// <summary>A result the toolbox reported as an error (it starts <c>error:</c>) marks the span failed, without its text.</summary>
    public static void Ended(Activity? span, string result)
    {
        if (span is not null && result.StartsWith("error:", StringComparison.Ordinal))
        {
            span.SetStatus(ActivityStatusCode.Error, "the tool reported an error");
        }
    }
}
