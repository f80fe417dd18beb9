using Errand.Journal;
using Errand.Tasks;

namespace Errand.Storage;

/// <summary>
/// A conditional change of a task's state, applied atomically with its journal events and notifications.
/// Built only by the engine's <c>TaskTransitions</c>, the one place that changes a task's state.
/// </summary>
/// <param name="TaskId">The task.</param>
/// <param name="From">The states the task must be in for the change to apply.</param>
/// <param name="To">The new state.</param>
public sealed record TaskTransition(long TaskId, IReadOnlyCollection<TaskState> From, TaskState To)
{
    /// <summary>
    /// When set, the change applies only while the task's fence equals this lease's; a transition out of
    /// <see cref="TaskState.Running"/> also ends the lease. Null for changes made by someone other than the
    /// owner (cancelling a queued task, retrying a failed one).
    /// </summary>
    public LeaseToken? Lease { get; init; }

    /// <summary>
    /// When set, the change applies only while the task's fence equals this (a non-owner's move that must not apply
    /// to a later incarnation of the state it read: an answer to a question the task has since moved past).
    /// </summary>
    public long? ExpectedFence { get; init; }

    /// <summary>Why; stored on the task and in the state event.</summary>
    public string? Reason { get; init; }

    /// <summary>The result report as JSON, replacing the stored one when not null.</summary>
    public string? ResultJson { get; init; }

    /// <summary>Removes the stored result report (a retry starts a new one); wins over <see cref="ResultJson"/>.</summary>
    public bool ClearResult { get; init; }

    /// <summary>The task's spec as JSON, replacing the stored one when not null (an extension's raised budget).</summary>
    public string? SpecJson { get; init; }

    /// <summary>When a parked task wakes; null clears it.</summary>
    public DateTimeOffset? WakeAt { get; init; }

    /// <summary>Events appended in the same transaction, before the store's own state event.</summary>
    public IReadOnlyList<JournalEntry> Events { get; init; } = [];

    /// <summary>Notifications written to the outbox in the same transaction as the change.</summary>
    public IReadOnlyList<OutboxMessage> Notifications { get; init; } = [];

    /// <summary>
    /// For a fleet's planner that succeeds: the slices its fleet runs, stored and the first ones released in the same
    /// transaction as the planner's end, so an approved proposal is never lost nor taken twice.
    /// </summary>
    public IReadOnlyList<Fleets.NewFleetSlice> FleetSlices { get; init; } = [];
}
