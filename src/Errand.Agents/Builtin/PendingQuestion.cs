using Errand.Questions;

namespace Errand.Agents.Builtin;

/// <summary>
/// A turn held for a human: the call that asked (or the command or plan waiting for approval), and the results of the
/// turn's other calls, kept in call order until the answer completes them.
/// </summary>
/// <param name="CallId">The call the answer belongs to.</param>
/// <param name="Tool">Its tool.</param>
/// <param name="ArgumentsJson">Its arguments (a held command runs with them once approved).</param>
/// <param name="Question">What was asked.</param>
/// <param name="Results">The turn's results in call order; the held call's is a placeholder.</param>
internal sealed record PendingQuestion(string CallId, string Tool, string ArgumentsJson, Question Question, IReadOnlyList<ToolResultPart> Results)
{
    /// <summary>How long it waits, when the agent said.</summary>
    public TimeSpan? Timeout { get; init; }
}
