using Errand.Specs;

namespace Errand.Budgets;

/// <summary>Raising a budget: each limit the task has goes up; a limit it never had stays unlimited.</summary>
public static class BudgetRaise
{
    /// <summary><paramref name="budget"/> with each of its limits raised by the matching one of <paramref name="by"/>.</summary>
    public static BudgetSpec By(BudgetSpec budget, BudgetSpec by)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(by);
        return budget with
        {
            Time = budget.Time + by.Time ?? budget.Time,
            Steps = budget.Steps + by.Steps ?? budget.Steps,
            Tokens = budget.Tokens + by.Tokens ?? budget.Tokens,
            Cost = budget.Cost + by.Cost ?? budget.Cost,
        };
    }
}
