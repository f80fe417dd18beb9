namespace Errand.Notifications;

/// <summary>The events a notification is sent for; a channel's configuration may subscribe to some of them.</summary>
public static class NotificationEvents
{
    /// <summary>The task succeeded.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The task failed.</summary>
    public const string Failed = "failed";

    /// <summary>The task stopped partway (a budget ran out) with its work kept.</summary>
    public const string Partial = "partial";

    /// <summary>The task was cancelled.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The task asked a question and waits for a human.</summary>
    public const string NeedsInput = "needs_input";

    /// <summary>The task has used 80% of a budget limit.</summary>
    public const string BudgetWarning = "budget_warning";

    /// <summary>A running task has journaled nothing for a while.</summary>
    public const string Stuck = "stuck";

    /// <summary>A schedule fired a run that has finished.</summary>
    public const string ScheduleFinished = "schedule_finished";

    /// <summary>A fleet has finished (after its fan-in).</summary>
    public const string FleetFinished = "fleet_finished";

    /// <summary>Every event, in the order a user reads them.</summary>
    public static readonly IReadOnlyList<string> All =
        [Succeeded, Failed, Partial, Cancelled, NeedsInput, BudgetWarning, Stuck, ScheduleFinished, FleetFinished];
}
