using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>The reaper: running tasks whose lease lapsed go back to the queue, or fail once out of attempts.</summary>
internal sealed class ReclaimExpiredOp(Func<TaskRecord, IReadOnlyList<OutboxMessage>> notifyFailed, CancellationToken cancellationToken)
    : WriteOp<IReadOnlyList<ReclaimedTask>>(cancellationToken)
{
    private const string SelectExpired =
        "SELECT id, lease_owner, attempt, max_attempts, fence FROM tasks " +
        "WHERE state = 'running' AND lease_expires_at < $now ORDER BY id";

    // FENCING: fence + 1 and the cleared lease shut the lapsed owner out: if it wakes up, every write it tries
    // (transition, append, checkpoint, renew, release) finds another fence and writes nothing.
    private const string Requeue =
        "UPDATE tasks SET state = 'queued', fence = fence + 1, lease_owner = NULL, lease_expires_at = NULL, " +
        "reason = $reason, updated_at = $now WHERE id = $id";

    private const string FailTask =
        "UPDATE tasks SET state = 'failed', fence = fence + 1, lease_owner = NULL, lease_expires_at = NULL, " +
        "reason = $reason, updated_at = $now, finished_at = $now WHERE id = $id";

    private List<ReclaimedTask> _reclaimed = [];
    private bool _released;
    private bool _notified;

    protected override IReadOnlyList<ReclaimedTask> Result => _reclaimed;

    public override void Execute(WriteContext context)
    {
        var now = context.Now();
        var expired = new List<(long Id, string Owner, int Attempt, int MaxAttempts, long Fence)>();
        using (var rows = context.Command(SelectExpired).Set("$now", now).ExecuteReader())
        {
            while (rows.Read())
            {
                expired.Add((rows.GetInt64(0), rows.IsDBNull(1) ? "" : rows.GetString(1), rows.GetInt32(2), rows.GetInt32(3), rows.GetInt64(4)));
            }
        }

        _reclaimed = new List<ReclaimedTask>(expired.Count);
        _released = false;
        _notified = false;
        foreach (var task in expired)
        {
            var data = JsonData.Object(task, static (w, t) =>
            {
                w.WriteString("previousOwner", t.Owner);
                w.WriteNumber("attempt", t.Attempt);
                w.WriteNumber("fence", t.Fence);
            });
            JournalRows.Append(context, task.Id, now, task.Attempt, JournalKinds.LeaseExpired,
                $"the lease of {task.Owner} expired (attempt {task.Attempt})", data);
            if (task.Attempt >= task.MaxAttempts)
            {
                var reason = $"lost its worker {task.Attempt} times";
                context.Command(FailTask).Set("$id", task.Id).Set("$reason", reason).Set("$now", now).ExecuteNonQuery();
                var state = JsonData.Object(reason, static (w, r) =>
                {
                    w.WriteString("from", "running");
                    w.WriteString("to", "failed");
                    w.WriteString("reason", r);
                });
                JournalRows.Append(context, task.Id, now, task.Attempt, JournalKinds.State, $"running → failed: {reason}", state);
                _reclaimed.Add(new ReclaimedTask(task.Id, task.Owner, TaskState.Failed));
                _notified |= OutboxRows.Write(context, task.Id, now, notifyFailed(TaskRows.Get(context.Command(TaskRows.SelectById), task.Id)!));
                _released |= FleetRuns.TaskEnded(context, task.Id, TaskState.Failed);
            }
            else
            {
                var reason = $"the lease of {task.Owner} expired";
                context.Command(Requeue).Set("$id", task.Id).Set("$reason", reason).Set("$now", now).ExecuteNonQuery();
                _reclaimed.Add(new ReclaimedTask(task.Id, task.Owner, TaskState.Queued));
            }
        }
    }

    public override void AfterCommit(WriteContext context)
    {
        // A failed one frees a slot under the concurrency limits, which workers waiting at a limit must hear of too.
        if (_released || _reclaimed.Exists(r => r.NewState == TaskState.Queued) || (_reclaimed.Count > 0 && context.LimitsActive))
        {
            context.Signal.Raise();
        }

        if (_notified)
        {
            context.OutboxSignal.Raise();
        }
    }
}
