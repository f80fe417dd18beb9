using Errand.Scheduling;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Fires a schedule's pending ticks, oldest first, while its unfinished runs are under its limit.</summary>
internal sealed class ReleasePendingOp(long scheduleId, CancellationToken cancellationToken) : WriteOp<IReadOnlyList<TickRecord>>(cancellationToken)
{
    private List<TickRecord> _released = [];

    protected override IReadOnlyList<TickRecord> Result => _released;

    public override void Execute(WriteContext context)
    {
        _released = [];
        var schedule = ScheduleRows.Single(context.Command(ScheduleRows.SelectById).Set("$id", scheduleId));
        if (schedule is null || schedule.PendingTicks == 0)
        {
            return;
        }

        var released = ScheduleRuns.Release(context, schedule, ScheduleRuns.Unfinished(context, schedule.Id));
        _released = [.. released.Select(id => TickRows.Get(context.Command(TickRows.SelectById), id))];
    }

    public override void AfterCommit(WriteContext context)
    {
        if (_released.Count > 0)
        {
            context.Signal.Raise();
        }
    }
}
