using System.Globalization;
using Errand.Budgets;
using Errand.Engine.Notifications;
using Errand.Fleets;
using Errand.Journal;
using Errand.Json;
using Errand.Notifications;
using Errand.Results;
using Errand.Scheduling;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;
using Errand.Telemetry;

namespace Errand.Engine.Tasks;

/// <summary>
/// The one place a task's state changes: submit, claim, finish, cancel, retry, hand back, reclaim and wake all go
/// through here. Each move is checked against <see cref="TaskStateMachine"/> and applied by the store
/// conditionally (on the current state, and on the fence for the owner's moves), with its journal events and the
/// notifications it causes — written to the outbox in the same transaction, so a crash can lose neither.
/// </summary>
public sealed partial class TaskTransitions(
    IErrandStore store, INotificationRoutes? routes = null, TimeProvider? time = null, ErrandMetrics? metrics = null)
{
    private static readonly TaskState[] FromRunning = [TaskState.Running];

    private readonly TaskNotifications _notifications = new(routes ?? SpecChannelRoutes.Instance);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ErrandMetrics _metrics = metrics ?? ErrandMetrics.Shared;

    /// <summary>Accepts a task: queued, or scheduled until its prerequisites succeed (<see cref="SubmitBatchAsync"/>).</summary>
    public async Task<TaskRecord> SubmitAsync(NewTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.After.Count > 0)
        {
            return (await SubmitBatchAsync([task], cancellationToken))[0];
        }

        var record = await store.EnqueueAsync(task, cancellationToken);
        _metrics.Transitioned(TaskState.Queued);
        return record;
    }

    /// <summary>
    /// Decides a schedule's tick: the store records it and, when it fires, enqueues its task in the same transaction.
    /// Under <c>cancel_other</c> the runs it supersedes are cancelled here, after the new run is safely queued.
    /// </summary>
    public async Task<TickResult> DecideTickAsync(TickRequest request, CancellationToken cancellationToken)
    {
        var result = await store.DecideTickAsync(request, cancellationToken);
        if (result.Task is not null)
        {
            _metrics.Transitioned(TaskState.Queued);
        }

        foreach (var superseded in result.Superseded)
        {
            await CancelAsync(superseded, $"superseded by task #{result.Task?.Id}: the schedule's overlap policy is cancel_other", cancellationToken);
        }

        return result;
    }

    /// <summary>Fires a schedule's pending ticks whose turn has come (their earlier runs ended).</summary>
    public Task<IReadOnlyList<TickRecord>> ReleasePendingAsync(long scheduleId, CancellationToken cancellationToken) =>
        store.ReleasePendingAsync(scheduleId, cancellationToken);

    /// <summary>Claims queued tasks for a worker (queued → running, fence raised).</summary>
    public async Task<IReadOnlyList<TaskClaim>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        var claims = await store.ClaimAsync(request, cancellationToken);
        _metrics.Transitioned(TaskState.Running, claims.Count);
        return claims;
    }

    /// <summary>Hands a running task back to the queue (graceful shutdown), fencing out its old owner.</summary>
    public async Task<bool> HandBackAsync(LeaseToken lease, string reason, CancellationToken cancellationToken)
    {
        var released = await store.ReleaseAsync(lease, reason, cancellationToken);
        if (released)
        {
            _metrics.Transitioned(TaskState.Queued);
        }

        return released;
    }

    /// <summary>Returns tasks whose lease lapsed to the queue (or fails those out of attempts).</summary>
    public async Task<IReadOnlyList<ReclaimedTask>> ReclaimExpiredAsync(CancellationToken cancellationToken)
    {
        // A task out of attempts fails here, not through its worker: its end (a fan-in's as its fleet's) is notified by the
        // same transaction that fails it.
        var reclaimed = await store.ReclaimExpiredAsync(
            task => Notify(task, TaskState.Failed, task.Reason, null, Occurrence(task.Fence)), cancellationToken);
        foreach (var task in reclaimed)
        {
            _metrics.Transitioned(task.NewState);
            _metrics.Reclaimed(task.NewState);
        }

        if (reclaimed.Any(r => r.NewState == TaskState.Failed))
        {
            await SettleBlockedAsync(cancellationToken);
            await StopHaltedSlicesAsync(cancellationToken);
        }

        return reclaimed;
    }

    /// <summary>Moves parked tasks whose timer is due back to the queue.</summary>
    public async Task<IReadOnlyList<long>> WakeDueAsync(CancellationToken cancellationToken)
    {
        var woken = await store.WakeDueAsync(cancellationToken);
        _metrics.Transitioned(TaskState.Queued, woken.Count);
        return woken;
    }

    /// <summary>The owner ends a running task. Returns false when its lease is gone (the move was not applied).</summary>
    public Task<bool> FinishAsync(
        TaskClaim claim, TaskState to, string? reason, TaskResult? result, IReadOnlyList<JournalEntry> events, CancellationToken cancellationToken) =>
        FinishAsync(claim, to, reason, result, events, [], cancellationToken);

    private async Task<bool> FinishAsync(
        TaskClaim claim, TaskState to, string? reason, TaskResult? result, IReadOnlyList<JournalEntry> events,
        IReadOnlyList<NewFleetSlice> fleetSlices, CancellationToken cancellationToken)
    {
        TaskStateMachine.EnsureCanMove(TaskState.Running, to);
        if (!to.IsTerminal())
        {
            throw new ArgumentException($"{to.ToWireName()} is not an end state", nameof(to));
        }

        var lease = claim.Lease;
        var outcome = await MoveAsync(
            new TaskTransition(lease.TaskId, FromRunning, to)
            {
                Lease = lease,
                Reason = reason,
                ResultJson = result is null ? null : ErrandJson.Serialize(result),
                Events = events,
                Notifications = Notify(claim.Task, to, reason, result, Occurrence(lease.Fence)),
                FleetSlices = fleetSlices,
            },
            cancellationToken);
        if (outcome.Applied && to != TaskState.Succeeded)
        {
            // A success queues its dependants in the store, in its own transaction; any other end applies their policy.
            await SettleBlockedAsync(cancellationToken);
            if (to == TaskState.Failed && TaskSpecJson.Of(claim.Task).FleetRun is { Role: FleetRoles.Slice })
            {
                // A failed slice may have stopped its fleet: its other slices stop too.
                await StopHaltedSlicesAsync(cancellationToken);
            }
        }

        return outcome.Applied;
    }

    /// <summary>
    /// Cancels a task. A queued or parked task is cancelled at once; a running one is marked, and its worker
    /// stops it on the next heartbeat.
    /// </summary>
    public async Task<CancelOutcome> CancelAsync(long taskId, string reason, CancellationToken cancellationToken)
    {
        var sources = TaskStateMachine.SourcesOf(TaskState.Cancelled).Where(s => s != TaskState.Running).ToArray();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var task = await store.GetAsync(taskId, cancellationToken);
            if (task is null)
            {
                return CancelOutcome.NotFound;
            }

            if (task.State == TaskState.Running)
            {
                if (await store.RequestCancelAsync(taskId, reason, cancellationToken))
                {
                    return CancelOutcome.Requested;
                }

                continue; // it moved on between the read and the request: look again
            }

            if (!sources.Contains(task.State))
            {
                return CancelOutcome.AlreadyFinished;
            }

            var outcome = await MoveAsync(
                new TaskTransition(taskId, sources, TaskState.Cancelled)
                {
                    Reason = reason,
                    ExpectedFence = task.Fence,
                    Notifications = Notify(task, TaskState.Cancelled, reason, null, Occurrence(task.Fence)),
                },
                cancellationToken);
            if (outcome.Applied)
            {
                await SettleBlockedAsync(cancellationToken);
                return CancelOutcome.Cancelled;
            }
        }

        return CancelOutcome.AlreadyFinished;
    }

    /// <summary>The owner cancels its running task after seeing the request.</summary>
    public Task<bool> CancelRunningAsync(TaskClaim claim, string reason, TaskResult? result, CancellationToken cancellationToken) =>
        FinishAsync(claim, TaskState.Cancelled, reason, result, [], cancellationToken);

    /// <summary>
    /// Puts a task that failed, stopped partway or was cancelled back in the queue for a fresh attempt: from its base,
    /// not from its last checkpoint, with its budget counted from zero again (the <c>restarted</c> event says so).
    /// </summary>
    public async Task<TransitionOutcome> RetryAsync(long taskId, CancellationToken cancellationToken)
    {
        // A succeeded task is not retried: running it again is a follow-up, with an instruction of its own.
        TaskState[] sources = [TaskState.Failed, TaskState.Partial, TaskState.Cancelled];
        return await MoveAsync(
            new TaskTransition(taskId, sources, TaskState.Queued)
            {
                Reason = "retry requested",
                ClearResult = true,
                Events = [new JournalEntry(JournalKinds.Restarted, "starts afresh: from its base, with its budget unused")],
            },
            cancellationToken);
    }

    /// <summary>
    /// Gives an ended task a follow-up instruction and queues it: it continues the same conversation (from its last
    /// checkpoint) on the same branch, starting from the work it delivered, is verified again, and has its budget
    /// counted afresh. The spec and the state change together, only while the task is still in the state it was read
    /// in, so a follow-up is never lost to, or doubled by, another at the same moment.
    /// </summary>
    public async Task<TransitionOutcome> FollowUpAsync(long taskId, string instruction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instruction);
        var task = await store.GetAsync(taskId, cancellationToken);
        if (task is null)
        {
            return new TransitionOutcome(TransitionStatus.NotFound, null);
        }

        TaskState[] ended = [TaskState.Succeeded, TaskState.Failed, TaskState.Partial, TaskState.Cancelled];
        if (!ended.Contains(task.State))
        {
            return new TransitionOutcome(TransitionStatus.StateConflict, task);
        }

        var spec = TaskSpecJson.Deserialize(task.SpecJson);
        var from = task.ResultJson is null ? null : ErrandJson.Deserialize<TaskResult>(task.ResultJson).HeadCommit;
        var followUp = new FollowUp(instruction.Trim(), from, task.Attempt, now);
        return await MoveAsync(
            new TaskTransition(taskId, [task.State], TaskState.Queued)
            {
                Reason = "follow-up",
                ClearResult = true,
                SpecJson = TaskSpecJson.Serialize(spec with { FollowUps = [.. spec.FollowUps, followUp] }),
                Events = [new JournalEntry(JournalKinds.FollowUp, $"follow-up: {followUp.Instruction}", ErrandJson.Serialize(followUp))],
            },
            cancellationToken);
    }

    /// <summary>
    /// Raises the budget of a task that stopped on it (<c>partial</c>) by <paramref name="by"/> and queues it again:
    /// it resumes from its last checkpoint with what it has used so far still counted. Limits the task never had
    /// stay unlimited. The spec and the state change together, only while the task is still partial, so two
    /// extensions at once cannot both apply.
    /// </summary>
    public async Task<TransitionOutcome> ExtendAsync(long taskId, BudgetSpec by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var task = await store.GetAsync(taskId, cancellationToken);
        if (task is null)
        {
            return new TransitionOutcome(TransitionStatus.NotFound, null);
        }

        if (task.State != TaskState.Partial)
        {
            return new TransitionOutcome(TransitionStatus.StateConflict, task);
        }

        var spec = TaskSpecJson.Deserialize(task.SpecJson);
        var raised = BudgetRaise.By(spec.Budget, by);
        var said = BudgetText.Describe(raised);
        return await MoveAsync(
            new TaskTransition(taskId, [TaskState.Partial], TaskState.Queued)
            {
                Reason = $"budget extended to {said}",
                SpecJson = TaskSpecJson.Serialize(spec with { Budget = raised }),
                Events = [new JournalEntry(JournalKinds.Extended, $"budget extended to {said}", ErrandJson.Serialize(new { budget = raised, by }))],
            },
            cancellationToken);
    }

    // Every state change made through a transition is counted here, once the store has applied it.
    private async Task<TransitionOutcome> MoveAsync(TaskTransition transition, CancellationToken cancellationToken)
    {
        var outcome = await store.TransitionAsync(transition, cancellationToken);
        if (outcome.Applied)
        {
            _metrics.Transitioned(transition.To);
            if (transition.To.IsTerminal() && outcome.Current is { } ended)
            {
                _metrics.Ended(transition.To, _time.GetUtcNow() - ended.CreatedAt);
            }
        }

        return outcome;
    }

    // A fence is unique per incarnation of a task (every claim and every move out of running raises it), so it tells
    // this end or question apart from the task's earlier ones: a follow-up that succeeds again is notified again.
    private static string Occurrence(long fence) => "f" + fence.ToString(CultureInfo.InvariantCulture);

    private IReadOnlyList<OutboxMessage> Notify(TaskRecord task, TaskState to, string? reason, TaskResult? result, string occurrence)
    {
        var notificationEvent = to switch
        {
            TaskState.Succeeded => NotificationEvents.Succeeded,
            TaskState.Failed => NotificationEvents.Failed,
            TaskState.Partial => NotificationEvents.Partial,
            TaskState.Cancelled => NotificationEvents.Cancelled,
            TaskState.WaitingForHuman => NotificationEvents.NeedsInput,
            _ => null,
        };
        if (notificationEvent is null)
        {
            return [];
        }

        var spec = TaskSpecJson.Of(task);
        if (spec.FleetRun is { Role: FleetRoles.Slice } && to.IsTerminal())
        {
            // A slice's end is the fleet's business: its channels hear of the fleet's end, not of each of its slices.
            return [];
        }

        if (spec.FleetRun is { Role: FleetRoles.Planner } planner && to.IsTerminal())
        {
            // A planner that hands its fleet slices is a step; any other end of it ends the fleet, which its channels hear.
            return to == TaskState.Succeeded ? [] : _notifications.For(spec, new NotificationPayload(NotificationEvents.FleetFinished, planner.FleetTitle, _time.GetUtcNow())
            {
                TaskId = task.Id,
                State = (to == TaskState.Cancelled ? FleetState.Cancelled : FleetState.Failed).ToWireName(),
                Reason = FleetStates.PlannerEndReason(to, reason),
                Subject = planner.FleetTitle,
            }, occurrence);
        }

        var payload = new NotificationPayload(notificationEvent, task.Title, _time.GetUtcNow())
        {
            TaskId = task.Id,
            State = to.ToWireName(),
            Reason = reason,
            Summary = result?.AgentSummary,
            Branch = result?.Branch,
        };
        var rows = _notifications.For(spec, payload, occurrence);
        if (!to.IsTerminal())
        {
            return rows;
        }

        // A scheduled run's end is also the schedule's news, and a fan-in's end the fleet's: routed by their own
        // events, so a channel can follow routines and fleets without following every task.
        if (spec.Schedule is { } schedule)
        {
            rows = [.. rows, .. _notifications.For(spec, payload with { Event = NotificationEvents.ScheduleFinished, Subject = schedule.Name }, occurrence)];
        }

        if (spec.FleetRun is { Role: FleetRoles.FanIn } fleet)
        {
            var finished = payload with { Event = NotificationEvents.FleetFinished, Subject = fleet.FleetTitle, Summary = result?.Summary ?? payload.Summary };
            rows = [.. rows, .. _notifications.For(spec, finished, occurrence)];
        }

        return rows;
    }

    /// <summary>
    /// Journals an event that is not a state change and notifies of it (a budget warning, a stuck task), atomically;
    /// fenced by the owner's lease when given. <paramref name="occurrence"/> makes the notification's key, so the same
    /// warning written twice (a resume, two watchers) is delivered once.
    /// </summary>
    public Task<bool> NotifyAsync(
        TaskRecord task, LeaseToken? lease, string notificationEvent, JournalEntry? entry, string occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var payload = new NotificationPayload(notificationEvent, task.Title, _time.GetUtcNow())
        {
            TaskId = task.Id,
            State = task.State.ToWireName(),
            Reason = entry?.Message ?? task.Reason,
        };
        var rows = _notifications.For(TaskSpecJson.Deserialize(task.SpecJson), payload, occurrence);
        return entry is null && rows.Count == 0
            ? Task.FromResult(true)
            : store.NotifyAsync(task.Id, lease, entry is null ? [] : [entry], rows, cancellationToken);
    }
}
