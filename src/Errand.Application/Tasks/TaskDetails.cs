using Errand.Budgets;
using Errand.Journal;
using Errand.Questions;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>Everything a task's page shows at first paint; later events arrive on its journal stream.</summary>
/// <param name="Task">The task.</param>
/// <param name="Spec">Its spec.</param>
/// <param name="Journal">Its journal so far, in order.</param>
/// <param name="Usage">Budget used by its current run (steps, tokens, cost, time), read from the journal.</param>
/// <param name="OpenQuestion">What it waits for a human to answer, when it waits.</param>
public sealed record TaskDetails(TaskRecord Task, TaskSpec Spec, IReadOnlyList<JournalEvent> Journal, BudgetUsage Usage, Question? OpenQuestion);
