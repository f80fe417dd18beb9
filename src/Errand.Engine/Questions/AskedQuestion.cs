using Errand.Questions;

namespace Errand.Engine.Questions;

/// <summary>A question as its <c>question</c> journal event records it.</summary>
/// <param name="Question">What was asked.</param>
/// <param name="Round">The verify round the task was in, so the answer resumes that round.</param>
public sealed record AskedQuestion(Question Question, int Round);
