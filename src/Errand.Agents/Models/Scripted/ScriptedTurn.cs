namespace Errand.Agents.Models.Scripted;

/// <summary>One assistant turn of a script.</summary>
/// <param name="Text">What the assistant says; may be empty.</param>
/// <param name="ToolCalls">The tools it calls, in order.</param>
internal sealed record ScriptedTurn(string Text, IReadOnlyList<ScriptedToolCall> ToolCalls)
{
    /// <summary>Text the last tool result (or the last message, e.g. verify feedback) must contain before this turn is given; a mismatch fails the run, so a script checks the agent's tools as it goes.</summary>
    public string? Expect { get; init; }

    /// <summary>Input tokens to report; estimated from the conversation when null.</summary>
    public long? InputTokens { get; init; }

    /// <summary>Output tokens to report; estimated from the turn when null.</summary>
    public long? OutputTokens { get; init; }

    /// <summary>A provider-reported cost to pass on, when the script wants one.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>The line of the script it came from, for messages.</summary>
    public int Line { get; init; }
}
