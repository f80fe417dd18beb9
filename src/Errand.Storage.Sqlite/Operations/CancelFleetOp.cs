using Errand.Fleets;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>
/// Cancels an unfinished fleet: pending slices are cancelled, the fleet can release nothing more nor start a fan-in,
/// and its fleet_finished rows are written, all at once. Lists the unfinished tasks for the caller to cancel.
/// </summary>
internal sealed class CancelFleetOp(long fleetId, string reason, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken)
    : WriteOp<FleetCancellation>(cancellationToken)
{
    private const string CancelFleet =
        "UPDATE fleets SET state = 'cancelled', reason = $reason, updated_at = $now, finished_at = $now " +
        "WHERE id = $id AND state IN ('running', 'stopping', 'fanning_in')";

    private const string CancelPending =
        "UPDATE fleet_slices SET state = 'cancelled', ended_at = $now WHERE fleet_id = $id AND state = 'pending'";

    private const string SelectUnfinished =
        "SELECT task_id FROM fleet_slices WHERE fleet_id = $id AND state = 'released' " +
        "UNION ALL SELECT fan_in_task_id FROM fleets WHERE id = $id AND fan_in_task_id IS NOT NULL " +
        "AND (SELECT state FROM tasks WHERE id = fan_in_task_id) NOT IN ('succeeded', 'failed', 'partial', 'cancelled') " +
        "UNION ALL SELECT planner_task_id FROM fleets WHERE id = $id AND planner_task_id IS NOT NULL " +
        "AND (SELECT state FROM tasks WHERE id = planner_task_id) NOT IN ('succeeded', 'failed', 'partial', 'cancelled')";

    private const string Exists = "SELECT 1 FROM fleets WHERE id = $id";

    private FleetCancellation? _result;
    private bool _notified;

    protected override FleetCancellation Result => _result!;

    public override void Execute(WriteContext context)
    {
        var now = context.Now();
        _notified = false;
        if (context.Command(CancelFleet).Set("$reason", reason).Set("$now", now).Set("$id", fleetId).ExecuteNonQuery() == 0)
        {
            _result = new FleetCancellation(context.Command(Exists).Set("$id", fleetId).ScalarInt64() is not null, false, []);
            return;
        }

        context.Command(CancelPending).Set("$now", now).Set("$id", fleetId).ExecuteNonQuery();
        var unfinished = new List<long>();
        using (var rows = context.Command(SelectUnfinished).Set("$id", fleetId).ExecuteReader())
        {
            while (rows.Read())
            {
                unfinished.Add(rows.GetInt64(0));
            }
        }

        _notified = OutboxRows.Write(context, null, now, notifications);
        _result = new FleetCancellation(true, true, unfinished);
    }

    public override void AfterCommit(WriteContext context)
    {
        if (_notified)
        {
            context.OutboxSignal.Raise();
        }
    }
}
