namespace Errand.Telemetry;

/// <summary>
/// Attribute names on Errand's spans and metrics: the OpenTelemetry GenAI conventions where one exists, <c>errand.*</c>
/// otherwise. SECRETS: no attribute carries a command line, a tool's arguments, prompt or reply text — only names,
/// numbers and states — so nothing a task's secret could end up in leaves through a span.
/// </summary>
public static class SpanAttributes
{
    /// <summary>The task id.</summary>
    public const string TaskId = "errand.task.id";

    /// <summary>Which run of the task this is (the store's attempt count).</summary>
    public const string Attempt = "errand.task.attempt";

    /// <summary>The state a run ended the task in, or the state a metric counts.</summary>
    public const string State = "errand.task.state";

    /// <summary>The agent runtime's name.</summary>
    public const string Agent = "errand.agent";

    /// <summary>The worker that ran it.</summary>
    public const string Worker = "errand.worker";

    /// <summary>The agent round (verify feedback starts another).</summary>
    public const string Round = "errand.round";

    /// <summary>A verify check's name.</summary>
    public const string CheckName = "errand.check.name";

    /// <summary>Whether a check passed.</summary>
    public const string CheckPassed = "errand.check.passed";

    /// <summary>A sandboxed command's exit code.</summary>
    public const string ExitCode = "process.exit.code";

    /// <summary>The sandbox backend.</summary>
    public const string Sandbox = "errand.sandbox";

    /// <summary>A notification channel's configured name.</summary>
    public const string Channel = "errand.channel";

    /// <summary>GenAI: what the span does (<c>chat</c>, <c>execute_tool</c>, <c>invoke_agent</c>).</summary>
    public const string GenAiOperation = "gen_ai.operation.name";

    /// <summary>GenAI: the agent's name.</summary>
    public const string GenAiAgentName = "gen_ai.agent.name";

    /// <summary>GenAI: the tool's name.</summary>
    public const string GenAiToolName = "gen_ai.tool.name";

    /// <summary>GenAI: the model's id for the call that asked for the tool.</summary>
    public const string GenAiToolCallId = "gen_ai.tool.call.id";

    /// <summary>GenAI: whether the tokens counted are <c>input</c> or <c>output</c>.</summary>
    public const string GenAiTokenType = "gen_ai.token.type";

    /// <summary>GenAI: the model asked for.</summary>
    public const string GenAiRequestModel = "gen_ai.request.model";

    /// <summary>GenAI: who serves the model (anthropic, openai, …).</summary>
    public const string GenAiProvider = "gen_ai.provider.name";

    /// <summary>GenAI: tokens the model read in one call.</summary>
    public const string GenAiInputTokens = "gen_ai.usage.input_tokens";

    /// <summary>GenAI: tokens the model wrote in one call.</summary>
    public const string GenAiOutputTokens = "gen_ai.usage.output_tokens";

    /// <summary>What one model call cost in US dollars, when it is known (no GenAI convention names cost yet).</summary>
    public const string CostUsd = "errand.cost.usd";
}
