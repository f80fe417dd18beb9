using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Moves parked tasks whose wake time has come back to the queue.</summary>
internal sealed class WakeDueOp(CancellationToken cancellationToken) : WriteOp<IReadOnlyList<long>>(cancellationToken)
{
    public const string Parked = "('waiting_for_human', 'retry_backoff', 'scheduled')";

    private const string Reason = "timer";

    // Runs under the write lock, so two nodes waking at once take turns: the second finds nothing due. Through the
    // wake-time index (`+state` keeps the planner off the state index), only the due timers are read, however many
    // tasks are parked.
    private const string SelectDue =
        $"SELECT id, state, attempt FROM tasks WHERE wake_at <= $now AND +state IN {Parked} ORDER BY wake_at, id";

    private const string Wake =
        "UPDATE tasks SET state = 'queued', wake_at = NULL, reason = $reason, cancel_requested = 0, " +
        "updated_at = $now, finished_at = NULL WHERE id = $id";

    private List<long> _woken = [];

    protected override IReadOnlyList<long> Result => _woken;

    public override void Execute(WriteContext context)
    {
        var now = context.Now();
        var due = new List<(long Id, string State, int Attempt)>();
        using (var rows = context.Command(SelectDue).Set("$now", now).ExecuteReader())
        {
            while (rows.Read())
            {
                due.Add((rows.GetInt64(0), rows.GetString(1), rows.GetInt32(2)));
            }
        }

        _woken = new List<long>(due.Count);
        foreach (var task in due)
        {
            context.Command(Wake).Set("$id", task.Id).Set("$reason", Reason).Set("$now", now).ExecuteNonQuery();
            var data = JsonData.Object(task.State, static (w, from) =>
            {
                w.WriteString("from", from);
                w.WriteString("to", "queued");
                w.WriteString("reason", Reason);
            });
            JournalRows.Append(context, task.Id, now, task.Attempt, JournalKinds.State, $"{task.State} → queued: {Reason}", data);
            _woken.Add(task.Id);
        }
    }

    public override void AfterCommit(WriteContext context)
    {
        if (_woken.Count > 0)
        {
            context.Signal.Raise();
        }
    }
}
