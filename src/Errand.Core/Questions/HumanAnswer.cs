namespace Errand.Questions;

/// <summary>The answer to a task's question, as journaled and as handed to the agent that resumes.</summary>
/// <param name="Question">What was asked.</param>
/// <param name="Text">The answer: one of the options, or free text.</param>
/// <param name="By">Who answered (a user name, or <c>timeout</c> when the default was taken).</param>
/// <param name="At">When.</param>
public sealed record HumanAnswer(Question Question, string Text, string By, DateTimeOffset At)
{
    /// <summary>The name answers taken from a question's default carry in <see cref="By"/>.</summary>
    public const string Timeout = "timeout";

    /// <summary>True when nobody answered and the question's default was taken.</summary>
    public bool TimedOut => By == Timeout;

    /// <summary>True when the answer is <paramref name="option"/> (case-insensitive).</summary>
    public bool Is(string option) => string.Equals(Text.Trim(), option, StringComparison.OrdinalIgnoreCase);
}
