namespace Errand.Agents;

/// <summary>Something an agent did.</summary>
public abstract record AgentEvent;

/// <summary>A line the agent or one of its commands printed.</summary>
/// <param name="Stream">stdout or stderr.</param>
/// <param name="Text">The line, without its newline.</param>
public sealed record AgentOutput(string Stream, string Text) : AgentEvent;

/// <summary>The agent called a tool.</summary>
/// <param name="Tool">Tool name.</param>
/// <param name="ArgumentsJson">Arguments as JSON.</param>
public sealed record AgentToolCall(string Tool, string ArgumentsJson) : AgentEvent;

/// <summary>A tool call ended. The engine watches these for an agent stuck repeating the same failing action.</summary>
/// <param name="Tool">Tool name.</param>
/// <param name="ArgumentsJson">Arguments as JSON, as called.</param>
/// <param name="Failed">True when the tool reported an error or its command failed.</param>
/// <param name="Summary">A short account of the result (the error, or the command's exit and last line).</param>
public sealed record AgentToolResult(string Tool, string ArgumentsJson, bool Failed, string Summary) : AgentEvent;

/// <summary>A model turn ended; counts toward the budget.</summary>
/// <param name="InputTokens">Input tokens of the turn.</param>
/// <param name="OutputTokens">Output tokens of the turn.</param>
/// <param name="CostUsd">Cost of the turn, when known.</param>
public sealed record AgentTurn(long InputTokens, long OutputTokens, decimal? CostUsd) : AgentEvent;

/// <summary>The agent's resumable state after a turn; the engine saves it with a workspace commit.</summary>
/// <param name="Step">Turn number.</param>
/// <param name="StateJson">The runtime's own state as JSON.</param>
public sealed record AgentCheckpoint(int Step, string StateJson) : AgentEvent
{
    /// <summary>
    /// True when this checkpoint ends the round and an <see cref="AgentFinished"/> follows with no model call in
    /// between: a budget used up by this very turn then lets the finish through instead of stopping the task partial.
    /// </summary>
    public bool Final { get; init; }
}

/// <summary>The agent says it is done (a claim; verification decides).</summary>
/// <param name="Summary">What it says it did.</param>
public sealed record AgentFinished(string Summary) : AgentEvent;

/// <summary>
/// The agent waits for a human: the stream ends here, after the checkpoint that holds the pending question, and the
/// engine parks the task until the answer comes (or the question times out).
/// </summary>
/// <param name="Question">What it asks.</param>
public sealed record AgentAsked(Questions.Question Question) : AgentEvent
{
    /// <summary>How long the question waits, when the agent says; otherwise the spec's <c>questions.timeout</c>.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>The agent could not do the work.</summary>
/// <param name="Reason">Why.</param>
public sealed record AgentFailed(string Reason) : AgentEvent;
