using Errand.Application.Tasks;
using Errand.Questions;

namespace Errand.Server.Contracts;

/// <summary>An accepted answer and the task it resumed.</summary>
/// <param name="Task">The task after the answer.</param>
/// <param name="Answer">The answer as recorded.</param>
internal sealed record AnswerResponse(TaskView Task, HumanAnswer Answer);
