using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Marks a running task for cancellation; its owner sees it on the next heartbeat.</summary>
internal sealed class RequestCancelOp(long taskId, string reason, CancellationToken cancellationToken) : WriteOp<bool>(cancellationToken)
{
    private const string Mark =
        "UPDATE tasks SET cancel_requested = 1, updated_at = $now " +
        "WHERE id = $id AND state = 'running' AND cancel_requested = 0 RETURNING attempt";

    private const string IsRunning = "SELECT 1 FROM tasks WHERE id = $id AND state = 'running'";

    private bool _requested;

    protected override bool Result => _requested;

    public override void Execute(WriteContext context)
    {
        var now = context.Now();
        var attempt = context.Command(Mark).Set("$id", taskId).Set("$now", now).ScalarInt64();
        if (attempt is null)
        {
            // Already requested (journaled once, the first time) or not running at all.
            _requested = context.Command(IsRunning).Set("$id", taskId).ScalarInt64() is not null;
            return;
        }

        var data = JsonData.Object(reason, static (w, r) => w.WriteString("reason", r));
        JournalRows.Append(context, taskId, now, (int)attempt.Value, JournalKinds.CancelRequested, $"cancel requested: {reason}", data);
        _requested = true;
    }
}
