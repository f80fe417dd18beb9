using System.Globalization;
using Errand.Journal;
using Errand.Scheduling;
using Errand.Storage.Postgres.Rows;
using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Postgres.Scheduling;

/// <summary>
/// One transaction on one schedule: its row is locked first (<see cref="LockAsync"/>), so schedulers on every host
/// take turns on it; the cursor check, the tick rows and the tasks they enqueue then commit together.
/// </summary>
internal sealed class ScheduleSession(NpgsqlConnection connection, DateTimeOffset now)
{
    // A tick's task that ended no longer counts against the overlap policy or the limit. (A retried or extended task
    // runs again outside the schedule's accounting: that is a person's decision, not a tick's.)
    private const string CloseEnded =
        "UPDATE schedule_ticks SET open = false WHERE schedule_id = $1 AND open AND task_id IN " +
        "(SELECT id FROM tasks WHERE state IN ('succeeded', 'failed', 'partial', 'cancelled'))";

    private const string SelectOpen = "SELECT task_id FROM schedule_ticks WHERE schedule_id = $1 AND open ORDER BY id";

    private const string SelectOldestPending =
        "SELECT id, tick_at, manual, missed, title, spec_json, max_attempts FROM schedule_ticks " +
        "WHERE schedule_id = $1 AND outcome = 'pending' ORDER BY id LIMIT 1";

    private const string CountPending = "SELECT COUNT(*)::integer FROM schedule_ticks WHERE schedule_id = $1 AND outcome = 'pending'";

    private const string InsertTick =
        "INSERT INTO schedule_ticks (schedule_id, tick_at, manual, outcome, reason, missed, task_id, open, title, spec_json, " +
        "max_attempts, decided_at, fired_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";

    private const string MarkFired =
        "UPDATE schedule_ticks SET outcome = 'fired', task_id = $2, open = true, fired_at = $3, title = NULL, " +
        "spec_json = NULL, max_attempts = NULL WHERE id = $1";

    public DateTimeOffset Now => now;

    /// <summary>True when a task was enqueued in this transaction.</summary>
    public bool Enqueued { get; private set; }

    public NpgsqlCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameters.Of(value));
        }

        return command;
    }

    /// <summary>The schedule, its row locked until commit; null when there is none.</summary>
    public async Task<ScheduleRecord?> LockAsync(long scheduleId, CancellationToken cancellationToken) =>
        (await ScheduleRows.AllAsync(Command(ScheduleRows.SelectById + " FOR UPDATE OF s", scheduleId), ScheduleRows.Read, cancellationToken))
            .SingleOrDefault();

    public async Task<TickRecord> TickAsync(long tickId, CancellationToken cancellationToken) =>
        (await ScheduleRows.AllAsync(Command(ScheduleRows.TickById, tickId), ScheduleRows.ReadTick, cancellationToken)).Single();

    /// <summary>The schedule's runs whose tasks have not ended, oldest first.</summary>
    public async Task<List<long>> UnfinishedAsync(long scheduleId, CancellationToken cancellationToken)
    {
        await using (var close = Command(CloseEnded, scheduleId))
        {
            await close.ExecuteNonQueryAsync(cancellationToken);
        }

        return await ScheduleRows.AllAsync(Command(SelectOpen, scheduleId), r => r.GetInt64(0), cancellationToken);
    }

    public async Task<int> PendingAsync(long scheduleId, CancellationToken cancellationToken)
    {
        await using var count = Command(CountPending, scheduleId);
        return (int)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>How many of the schedule's runs may be unfinished at once.</summary>
    public static int Limit(ScheduleRecord schedule) =>
        schedule.Overlap == OverlapPolicy.BufferOne ? 1 : schedule.MaxParallel ?? int.MaxValue;

    /// <summary>Fires pending ticks, oldest first, while <paramref name="unfinished"/> is under the limit; adds their tasks to it.</summary>
    public async Task<List<long>> ReleaseAsync(ScheduleRecord schedule, List<long> unfinished, CancellationToken cancellationToken)
    {
        var released = new List<long>();
        while (unfinished.Count < Limit(schedule))
        {
            var oldest = await ScheduleRows.AllAsync(Command(SelectOldestPending, schedule.Id), r => (
                Id: r.GetInt64(0),
                Tick: r.GetFieldValue<DateTimeOffset>(1),
                Manual: r.GetBoolean(2),
                Missed: r.GetInt32(3),
                Task: new NewTask(r.GetString(4), r.GetString(5)) { MaxAttempts = r.GetInt32(6) }), cancellationToken);
            if (oldest.Count == 0)
            {
                break;
            }

            var pending = oldest[0];
            var task = await EnqueueAsync(schedule, pending.Tick, pending.Manual, pending.Missed, pending.Task, cancellationToken);
            await using (var mark = Command(MarkFired, pending.Id, task.Id, now))
            {
                await mark.ExecuteNonQueryAsync(cancellationToken);
            }

            unfinished.Add(task.Id);
            released.Add(pending.Id);
        }

        return released;
    }

    /// <summary>Enqueues the tick's task and records the tick as fired; returns the tick's id and the task.</summary>
    public async Task<(long TickId, TaskRecord Task)> FireAsync(
        ScheduleRecord schedule, TickRequest request, string? reason, CancellationToken cancellationToken)
    {
        var task = await EnqueueAsync(schedule, request.TickAt, request.Manual, request.Missed, request.Task, cancellationToken);
        var tickId = await RecordAsync(request, TickOutcome.Fired, reason, task.Id, cancellationToken);
        return (tickId, task);
    }

    /// <summary>Records a tick; a pending one keeps its task to enqueue later.</summary>
    public async Task<long> RecordAsync(TickRequest request, TickOutcome outcome, string? reason, long? taskId, CancellationToken cancellationToken)
    {
        var pending = outcome == TickOutcome.Pending;
        await using var insert = Command(InsertTick,
            request.ScheduleId,
            StoreTime.Truncate(request.TickAt),
            request.Manual,
            outcome.ToWireName(),
            Parameters.Text(reason),
            request.Missed,
            Parameters.BigInt(taskId),
            taskId is not null,
            Parameters.Text(pending ? request.Task.Title : null),
            Parameters.Text(pending ? request.Task.SpecJson : null),
            new NpgsqlParameter { Value = pending ? request.Task.MaxAttempts : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
            now,
            Parameters.Time(taskId is null ? null : now));
        return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<TaskRecord> EnqueueAsync(
        ScheduleRecord schedule, DateTimeOffset tick, bool manual, int missed, NewTask task, CancellationToken cancellationToken)
    {
        var when = tick.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var message = manual
            ? $"fired by schedule {schedule.Name}: run now, asked for at {when}"
            : $"fired by schedule {schedule.Name} for its tick at {when}" + (missed > 0 ? $" (standing for {missed} missed)" : "");
        var data = EventData.Of(new { schedule = schedule.Name, scheduleId = schedule.Id, tick, manual, missed });
        var (record, _) = await NewTasks.InsertAsync(connection,
            task with { Events = [.. task.Events, new JournalEntry(JournalKinds.ScheduleFired, message, data)] }, now, cancellationToken);
        Enqueued = true;
        return record;
    }
}
