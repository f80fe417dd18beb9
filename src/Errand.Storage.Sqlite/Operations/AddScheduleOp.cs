using Errand.Scheduling;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Adds a schedule whose cursor is now: no tick before the add fires. Null when the name is taken.</summary>
internal sealed class AddScheduleOp(NewSchedule schedule, CancellationToken cancellationToken) : WriteOp<ScheduleRecord?>(cancellationToken)
{
    private const string Insert =
        "INSERT INTO schedules (name, cron, time_zone, overlap, catch_up_ms, jitter_ms, max_parallel, paused, title, spec_json, " +
        "spec_source, spec_path, max_attempts, cursor, created_at, updated_at) VALUES ($name, $cron, $zone, $overlap, $catchUp, " +
        "$jitter, $maxParallel, 0, $title, $spec, $source, $path, $maxAttempts, $now, $now, $now) " +
        "ON CONFLICT (name) DO NOTHING RETURNING id";

    private ScheduleRecord? _record;

    protected override ScheduleRecord? Result => _record;

    public override void Execute(WriteContext context)
    {
        var id = context.Command(Insert)
            .Set("$name", schedule.Name)
            .Set("$cron", schedule.Cron)
            .Set("$zone", schedule.TimeZone)
            .Set("$overlap", schedule.Overlap.ToWireName())
            .Set("$catchUp", (long)schedule.CatchUp.TotalMilliseconds)
            .Set("$jitter", (long)schedule.Jitter.TotalMilliseconds)
            .Set("$maxParallel", schedule.MaxParallel)
            .Set("$title", schedule.Title)
            .Set("$spec", schedule.SpecJson)
            .Set("$source", schedule.SpecSource)
            .Set("$path", schedule.SpecPath)
            .Set("$maxAttempts", schedule.MaxAttempts)
            .Set("$now", context.Now())
            .ScalarInt64();
        _record = id is { } added ? ScheduleRows.Single(context.Command(ScheduleRows.SelectById).Set("$id", added)) : null;
    }
}
