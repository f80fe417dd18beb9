namespace Errand.Journal;

/// <summary>The kinds of journal event. Stores write the lifecycle ones themselves, in the same transaction as the change.</summary>
public static class JournalKinds
{
    /// <summary>The task was accepted (written by the store).</summary>
    public const string Submitted = "submitted";

    /// <summary>The task's state changed (written by the store with every transition).</summary>
    public const string State = "state";

    /// <summary>A worker claimed the task (written by the store).</summary>
    public const string Claimed = "claimed";

    /// <summary>A lease lapsed and the task went back to the queue (written by the store).</summary>
    public const string LeaseExpired = "lease_expired";

    /// <summary>A schedule fired the task, for the tick it names (written by the store with the insert).</summary>
    public const string ScheduleFired = "schedule_fired";

    /// <summary>A fleet released the task as one of its slices, or started it as its fan-in.</summary>
    public const string FleetReleased = "fleet_released";

    /// <summary>A fleet's planner proposed its slices (data: the slices with their reasons), before any human saw them.</summary>
    public const string FleetProposed = "fleet_proposed";

    /// <summary>
    /// The task starts afresh (a retry): no checkpoint from before resumes, and budget usage counts from zero.
    /// </summary>
    public const string Restarted = "restarted";

    /// <summary>
    /// A follow-up instruction was given to an ended task: it runs again in the same conversation, on the same
    /// branch, with its budget counted afresh.
    /// </summary>
    public const string FollowUp = "followup";

    /// <summary>The task's budget was raised (an extension), with the new limits.</summary>
    public const string Extended = "extended";

    /// <summary>A budget limit was reached: the run stops after the turn in flight, keeping its work.</summary>
    public const string BudgetUsedUp = "budget_used_up";

    /// <summary>The agent repeated the same failing action too many times in a row; the run was stopped.</summary>
    public const string LoopDetected = "loop_detected";

    /// <summary>A worker handed its task back to the queue (written by the store).</summary>
    public const string Released = "released";

    /// <summary>Someone asked to cancel the task (written by the store).</summary>
    public const string CancelRequested = "cancel_requested";

    /// <summary>A phase (prepare, agent, verify, deliver) began.</summary>
    public const string PhaseStarted = "phase_started";

    /// <summary>A phase ended, with its duration.</summary>
    public const string PhaseFinished = "phase_finished";

    /// <summary>The workspace is ready.</summary>
    public const string Workspace = "workspace";

    /// <summary>The sandbox was set up (backend, warnings).</summary>
    public const string Sandbox = "sandbox";

    /// <summary>Secrets were injected into the sandbox, by name (never a value).</summary>
    public const string Secrets = "secrets";

    /// <summary>The egress proxy allowed or refused a connection.</summary>
    public const string Network = "network";

    /// <summary>A loud warning the user must see (e.g. running without a sandbox).</summary>
    public const string Warning = "warning";

    /// <summary>A command started.</summary>
    public const string CommandStarted = "command_started";

    /// <summary>A command ended, with exit code and duration.</summary>
    public const string CommandFinished = "command_finished";

    /// <summary>A line of output from the agent or a command.</summary>
    public const string Output = "output";

    /// <summary>The agent called a tool.</summary>
    public const string ToolCall = "tool_call";

    /// <summary>A model turn, with tokens and cost.</summary>
    public const string ModelTurn = "model_turn";

    /// <summary>The agent said it is done.</summary>
    public const string AgentFinished = "agent_finished";

    /// <summary>A checkpoint was saved.</summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>A verify check ran, with its result.</summary>
    public const string Check = "check";

    /// <summary>A protected path was changed.</summary>
    public const string ProtectViolation = "protect_violation";

    /// <summary>The work was committed to the task branch.</summary>
    public const string Committed = "committed";

    /// <summary>The branch was delivered.</summary>
    public const string Delivered = "delivered";

    /// <summary>
    /// The shared git remote has the attempt's checkpoints again after pushes failed (each failure is a
    /// <see cref="Warning"/>): from here on another host can resume the task from them.
    /// </summary>
    public const string SharedRemote = "shared_remote";

    /// <summary>The task branch was pushed to the spec's remote (<c>deliver.push</c>).</summary>
    public const string Pushed = "pushed";

    /// <summary>An error the worker met.</summary>
    public const string Error = "error";

    /// <summary>
    /// The task asked a human (the agent's <c>ask_human</c>, an approval rule, a plan to approve); it waits, parked, for
    /// the answer. Data: the question and the verify round it was asked in.
    /// </summary>
    public const string Question = "question";

    /// <summary>The open question was answered: by whom, when and what, or by its default when it timed out.</summary>
    public const string Answered = "answered";

    /// <summary>A budget limit is 80% used (a <c>budget_warning</c> notification goes with it).</summary>
    public const string BudgetWarning = "budget_warning";

    /// <summary>A running task journaled nothing for a while (a <c>stuck</c> notification goes with it).</summary>
    public const string Stuck = "stuck";

    /// <summary>The spec's setup: built for this task (cold, with each command) or reused (warm), with durations.</summary>
    public const string Environment = "environment";
}
