using Errand.Scheduling;
using Errand.Storage.Sqlite.Operations;
using Errand.Storage.Sqlite.Rows;

namespace Errand.Storage.Sqlite;

/// <summary>Schedules and their ticks.</summary>
public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<ScheduleRecord?> AddScheduleAsync(NewSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        schedule.Validate();
        return _writer.SubmitAsync(new AddScheduleOp(schedule, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<ScheduleRecord?> GetScheduleAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(reader => ScheduleRows.Single(reader.Get(ScheduleRows.SelectByName).Set("$name", name)), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ScheduleRecord>> ListSchedulesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ScheduleRecord>>(reader =>
        {
            var schedules = new List<ScheduleRecord>();
            using var rows = reader.Get(ScheduleRows.SelectAll).ExecuteReader();
            while (rows.Read())
            {
                schedules.Add(ScheduleRows.Read(rows));
            }

            return schedules;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<ScheduleRecord?> SetPausedAsync(string name, bool paused, CancellationToken cancellationToken) =>
        _writer.SubmitAsync(new SetPausedOp(name, paused, cancellationToken));

    /// <inheritdoc/>
    public Task<bool> RemoveScheduleAsync(string name, CancellationToken cancellationToken) =>
        _writer.SubmitAsync(new RemoveScheduleOp(name, cancellationToken));

    /// <inheritdoc/>
    public Task<TickResult> DecideTickAsync(TickRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Task);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Missed);
        return _writer.SubmitAsync(new DecideTickOp(request, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TickRecord>> ReleasePendingAsync(long scheduleId, CancellationToken cancellationToken) =>
        _writer.SubmitAsync(new ReleasePendingOp(scheduleId, cancellationToken));

    /// <inheritdoc/>
    public Task<IReadOnlyList<TickRecord>> ListTicksAsync(long scheduleId, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<TickRecord>>(reader =>
        {
            var ticks = new List<TickRecord>();
            using var rows = reader.Get(TickRows.SelectHistory).Set("$schedule", scheduleId).Set("$limit", Math.Max(0, limit)).ExecuteReader();
            while (rows.Read())
            {
                ticks.Add(TickRows.Read(rows));
            }

            return ticks;
        }, cancellationToken);
}
