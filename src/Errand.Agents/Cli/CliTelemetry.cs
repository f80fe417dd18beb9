using System.Diagnostics;
using System.Runtime.CompilerServices;
using Errand.Telemetry;

namespace Errand.Agents.Cli;

/// <summary>
/// Spans for a CLI agent (Claude Code, Codex), read from the events its output stands for: a <c>chat</c> span per model
/// turn (GenAI conventions: provider, requested model, input and output tokens; cost when the CLI reports it) and an
/// <c>execute_tool</c> span per tool call or command, each ended when its result arrives. The CLI makes the calls
/// itself, so each span is recorded once its end is known, with the time its start was seen; neither carries prompt,
/// arguments or output, which may hold what a secret printed.
/// </summary>
internal static class CliTelemetry
{
    // The model-call source, beside the chat client's (see ErrandTelemetry.ModelCalls).
    private static readonly ActivitySource ModelCalls = new(ErrandTelemetry.ModelCalls);

    public static async IAsyncEnumerable<AgentEvent> TraceAsync(
        IAsyncEnumerable<AgentEvent> events, string provider, string? model, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var turnStarted = time.GetUtcNow();
        var calls = new List<(AgentToolCall Call, DateTimeOffset At)>();
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            var now = time.GetUtcNow();
            switch (e)
            {
                case AgentTurn turn:
                    Chat(provider, model, turn, turnStarted, now);
                    turnStarted = now;
                    break;
                case AgentToolCall call:
                    calls.Add((call, now));
                    break;
                case AgentToolResult result:
                    var index = calls.FindIndex(c => c.Call.Tool == result.Tool && c.Call.ArgumentsJson == result.ArgumentsJson);
                    Tool(result, index < 0 ? now : calls[index].At, now);
                    if (index >= 0)
                    {
                        calls.RemoveAt(index);
                    }

                    break;
            }

            yield return e;
        }
    }

    private static void Chat(string provider, string? model, AgentTurn turn, DateTimeOffset started, DateTimeOffset ended)
    {
        using var span = ModelCalls.StartActivity(model is null ? "chat" : "chat " + model, ActivityKind.Client, default(ActivityContext), startTime: started);
        if (span is null)
        {
            return;
        }

        span.SetTag(SpanAttributes.GenAiOperation, "chat");
        span.SetTag(SpanAttributes.GenAiProvider, provider);
        span.SetTag(SpanAttributes.GenAiRequestModel, model);
        span.SetTag(SpanAttributes.GenAiInputTokens, turn.InputTokens);
        span.SetTag(SpanAttributes.GenAiOutputTokens, turn.OutputTokens);
        if (turn.CostUsd is { } cost)
        {
            span.SetTag(SpanAttributes.CostUsd, (double)cost);
        }

        span.SetEndTime(ended.UtcDateTime);
    }

    private static void Tool(AgentToolResult result, DateTimeOffset started, DateTimeOffset ended)
    {
        using var span = ErrandTelemetry.Source.StartActivity(SpanNames.Tool(result.Tool), ActivityKind.Internal, default(ActivityContext), startTime: started);
        if (span is null)
        {
            return;
        }

        span.SetTag(SpanAttributes.GenAiOperation, "execute_tool");
        span.SetTag(SpanAttributes.GenAiToolName, result.Tool);
        if (result.Failed)
        {
            span.SetStatus(ActivityStatusCode.Error, "the tool reported an error");
        }

        span.SetEndTime(ended.UtcDateTime);
    }
}
