using Errand.Questions;
using Errand.Tasks;

namespace Errand.Engine.Tasks;

/// <summary>The result of answering a task's question.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Task">The task after the answer (or as found, when it was not applied).</param>
/// <param name="Answer">The answer as recorded, when it was.</param>
/// <param name="Problem">Why the answer was refused, for <see cref="AnswerStatus.Invalid"/>.</param>
public sealed record AnswerOutcome(AnswerStatus Status, TaskRecord? Task, HumanAnswer? Answer = null, string? Problem = null);
