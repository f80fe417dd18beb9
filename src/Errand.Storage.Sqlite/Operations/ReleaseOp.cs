using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>The owner hands its running task back to the queue (graceful shutdown).</summary>
internal sealed class ReleaseOp(LeaseToken lease, string reason, CancellationToken cancellationToken) : WriteOp<bool>(cancellationToken)
{
    // FENCING: applies only for the current owner, and raises the fence so that owner can write nothing more.
    // A pending cancel request is kept: the next owner sees it on its first heartbeat.
    private const string Release =
        "UPDATE tasks SET state = 'queued', fence = fence + 1, lease_owner = NULL, lease_expires_at = NULL, " +
        $"reason = $reason, updated_at = $now WHERE id = $id AND {Fences.Holds} RETURNING attempt";

    private bool _released;

    protected override bool Result => _released;

    public override void Execute(WriteContext context)
    {
        var now = context.Now();
        var attempt = context.Command(Release).SetLease(lease).Set("$reason", reason).Set("$now", now).ScalarInt64();
        _released = attempt is not null;
        if (!_released)
        {
            return;
        }

        var data = JsonData.Object((lease.WorkerId, reason), static (w, s) =>
        {
            w.WriteString("worker", s.WorkerId);
            w.WriteString("reason", s.reason);
        });
        JournalRows.Append(context, lease.TaskId, now, (int)attempt!.Value, JournalKinds.Released, $"released by {lease.WorkerId}: {reason}", data);
    }

    public override void AfterCommit(WriteContext context)
    {
        if (_released)
        {
            context.Signal.Raise();
        }
    }
}
