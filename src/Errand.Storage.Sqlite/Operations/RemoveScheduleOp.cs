using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Removes a schedule and its tick history; the tasks it fired stay.</summary>
internal sealed class RemoveScheduleOp(string name, CancellationToken cancellationToken) : WriteOp<bool>(cancellationToken)
{
    private const string SelectId = "SELECT id FROM schedules WHERE name = $name";

    private const string DeleteTicks = "DELETE FROM schedule_ticks WHERE schedule_id = $id";

    private const string DeleteSchedule = "DELETE FROM schedules WHERE id = $id";

    private bool _removed;

    protected override bool Result => _removed;

    public override void Execute(WriteContext context)
    {
        _removed = false;
        if (context.Command(SelectId).Set("$name", name).ScalarInt64() is not { } id)
        {
            return;
        }

        context.Command(DeleteTicks).Set("$id", id).ExecuteNonQuery();
        _removed = context.Command(DeleteSchedule).Set("$id", id).ExecuteNonQuery() == 1;
    }
}
