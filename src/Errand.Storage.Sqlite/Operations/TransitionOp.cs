using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>A conditional state change with its events, its <c>state</c> event and its outbox rows, all or nothing.</summary>
internal sealed class TransitionOp(TaskTransition transition, CancellationToken cancellationToken)
    : WriteOp<TransitionOutcome>(cancellationToken)
{
    private const string SelectGuard = "SELECT state, fence, lease_owner, attempt FROM tasks WHERE id = $id";

    // FENCING: leaving running raises the fence and ends the lease, so the owner that was running the task (or
    // any stale one) can write nothing more; the next owner gets a new fence from its claim.
    private const string Update =
        "UPDATE tasks SET state = $to, reason = $reason, result_json = CASE WHEN $clear THEN NULL ELSE COALESCE($result, result_json) END, " +
        "spec_json = COALESCE($spec, spec_json), wake_at = $wake, updated_at = $now, finished_at = CASE WHEN $terminal THEN $now ELSE NULL END, " +
        "cancel_requested = CASE WHEN $to = 'queued' THEN 0 ELSE cancel_requested END, " +
        "fence = CASE WHEN state = 'running' THEN fence + 1 ELSE fence END, " +
        "lease_owner = CASE WHEN state = 'running' THEN NULL ELSE lease_owner END, " +
        "lease_expires_at = CASE WHEN state = 'running' THEN NULL ELSE lease_expires_at END " +
        $"WHERE id = $id RETURNING {TaskRows.Columns}";

    private TransitionOutcome? _outcome;
    private bool _notified;
    private bool _released;

    protected override TransitionOutcome Result => _outcome!;

    public override void Execute(WriteContext context)
    {
        var id = transition.TaskId;
        _notified = false;
        _released = false;
        TaskState state;
        long fence;
        string? owner;
        int attempt;
        using (var guard = context.Command(SelectGuard).Set("$id", id).ExecuteReader())
        {
            if (!guard.Read())
            {
                _outcome = new TransitionOutcome(TransitionStatus.NotFound, null);
                return;
            }

            state = TaskStates.Parse(guard.GetString(0));
            fence = guard.GetInt64(1);
            owner = guard.IsDBNull(2) ? null : guard.GetString(2);
            attempt = guard.GetInt32(3);
        }

        // FENCING: with a lease, nothing is written unless fence, owner and running state all still match.
        var lease = transition.Lease;
        if (lease is not null && (state != TaskState.Running || fence != lease.Fence || owner != lease.WorkerId))
        {
            _outcome = new TransitionOutcome(TransitionStatus.FenceLost, TaskRows.Get(context.Command(TaskRows.SelectById), id));
            return;
        }

        if (!transition.From.Contains(state) || (transition.ExpectedFence is { } expected && expected != fence))
        {
            _outcome = new TransitionOutcome(TransitionStatus.StateConflict, TaskRows.Get(context.Command(TaskRows.SelectById), id));
            return;
        }

        var now = context.Now();
        var to = transition.To.ToWireName();
        TaskRecord current;
        using (var row = context.Command(Update)
            .Set("$id", id)
            .Set("$to", to)
            .Set("$reason", transition.Reason)
            .Set("$result", transition.ResultJson)
            .Set("$clear", transition.ClearResult)
            .Set("$spec", transition.SpecJson)
            .Set("$wake", transition.WakeAt is { } wake ? UnixTime.ToMicros(wake) : null)
            .Set("$now", now)
            .Set("$terminal", transition.To.IsTerminal())
            .ExecuteReader())
        {
            row.Read();
            current = TaskRows.Read(row);
        }

        JournalRows.Append(context, id, now, attempt, transition.Events);
        var from = state.ToWireName();
        var message = transition.Reason is null ? $"{from} → {to}" : $"{from} → {to}: {transition.Reason}";
        var data = JsonData.Object((from, to, transition.Reason), static (w, s) =>
        {
            w.WriteString("from", s.from);
            w.WriteString("to", s.to);
            w.WriteStringOrNull("reason", s.Reason);
        });
        JournalRows.Append(context, id, now, attempt, JournalKinds.State, message, data);
        _notified = OutboxRows.Write(context, id, now, transition.Notifications);

        // A fleet's slice that ends frees its place (and the last one starts the fan-in) in this same transaction.
        _released = transition.To.IsTerminal() && FleetRuns.TaskEnded(context, id, transition.To, transition.FleetSlices);
        if (transition.To == TaskState.Succeeded)
        {
            // In the same transaction as the success: a dependant waiting only for this task is queued now or never lost.
            _released |= Prerequisites.Release(context, id, now).Count > 0;
        }
        _outcome = new TransitionOutcome(TransitionStatus.Applied, current);
    }

    public override void AfterCommit(WriteContext context)
    {
        // A task leaving running frees a slot under the concurrency limits: workers waiting at a limit claim again.
        var freed = context.LimitsActive && transition.From.Contains(TaskState.Running);
        if (_outcome is { Applied: true } && (transition.To == TaskState.Queued || _released || freed))
        {
            context.Signal.Raise();
        }

        if (_notified)
        {
            context.OutboxSignal.Raise();
        }
    }
}
