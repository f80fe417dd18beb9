using Errand.Scheduling;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Pauses or resumes a schedule; null when there is none by that name.</summary>
internal sealed class SetPausedOp(string name, bool paused, CancellationToken cancellationToken) : WriteOp<ScheduleRecord?>(cancellationToken)
{
    // Resuming moves the cursor to now: the ticks that came while paused are skipped, not caught up in a burst.
    private const string Update =
        "UPDATE schedules SET cursor = CASE WHEN paused = 1 AND $paused = 0 AND cursor < $now THEN $now ELSE cursor END, " +
        "paused = $paused, updated_at = $now WHERE name = $name RETURNING id";

    private ScheduleRecord? _record;

    protected override ScheduleRecord? Result => _record;

    public override void Execute(WriteContext context)
    {
        var id = context.Command(Update).Set("$name", name).Set("$paused", paused).Set("$now", context.Now()).ScalarInt64();
        _record = id is { } found ? ScheduleRows.Single(context.Command(ScheduleRows.SelectById).Set("$id", found)) : null;
    }
}
