namespace Errand.Questions;

/// <summary>
/// A question a task asks a human: from the agent's <c>ask_human</c> tool, an approval rule, a clarification asked
/// before work starts, or a plan to approve. While it is open the task is <c>waiting_for_human</c>: no worker slot, no
/// process. It is answered (by any node, any time) or times out into its default.
/// </summary>
/// <param name="Kind">One of <see cref="QuestionKinds"/>.</param>
/// <param name="Text">What is asked.</param>
public sealed record Question(string Kind, string Text)
{
    /// <summary>The choices offered; empty for a free-text answer.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The answer taken when the deadline passes; null means the task fails instead.</summary>
    public string? Default { get; init; }

    /// <summary>When the question times out; null waits for ever.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>What the question is about, for approvals: the command, host, or the plan's text.</summary>
    public string? Subject { get; init; }
}
