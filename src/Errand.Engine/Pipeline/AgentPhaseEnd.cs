namespace Errand.Engine.Pipeline;

/// <summary>How an agent round ended.</summary>
internal enum AgentPhaseEnd
{
    /// <summary>The agent says it is done; verification decides.</summary>
    Finished,

    /// <summary>The agent failed, or stopped without saying it was done.</summary>
    Failed,

    /// <summary>A budget limit was reached; the work so far is kept and the task ends partial.</summary>
    BudgetUsedUp,

    /// <summary>The agent kept repeating the same failing action.</summary>
    Loop,

    /// <summary>The agent asked a human; the task parks until the answer.</summary>
    Asked,
}
