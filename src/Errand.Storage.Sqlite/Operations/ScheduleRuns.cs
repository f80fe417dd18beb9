using System.Globalization;
using Errand.Journal;
using Errand.Scheduling;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>
/// The statements a schedule's tick operations share: which of its runs are unfinished, recording a tick, and firing
/// one (the tick row and its task in the one transaction the calling operation runs in).
/// </summary>
internal static class ScheduleRuns
{
    // A tick's task that ended no longer counts against the overlap policy or the limit. (A retried or extended task
    // runs again outside the schedule's accounting: that is a person's decision, not a tick's.)
    private const string CloseEnded =
        "UPDATE schedule_ticks SET open = 0 WHERE schedule_id = $schedule AND open = 1 AND task_id IN " +
        "(SELECT id FROM tasks WHERE state IN ('succeeded', 'failed', 'partial', 'cancelled'))";

    private const string SelectOpen = "SELECT task_id FROM schedule_ticks WHERE schedule_id = $schedule AND open = 1 ORDER BY id";

    private const string SelectOldestPending =
        "SELECT id, tick_at, manual, missed, title, spec_json, max_attempts FROM schedule_ticks " +
        "WHERE schedule_id = $schedule AND outcome = 'pending' ORDER BY id LIMIT 1";

    private const string CountPending = "SELECT COUNT(*) FROM schedule_ticks WHERE schedule_id = $schedule AND outcome = 'pending'";

    private const string InsertTick =
        "INSERT INTO schedule_ticks (schedule_id, tick_at, manual, outcome, reason, missed, task_id, open, title, spec_json, " +
        "max_attempts, decided_at, fired_at) VALUES ($schedule, $tick, $manual, $outcome, $reason, $missed, $task, $open, " +
        "$title, $spec, $max, $now, $fired) RETURNING id";

    private const string MarkFired =
        "UPDATE schedule_ticks SET outcome = 'fired', task_id = $task, open = 1, fired_at = $now, title = NULL, " +
        "spec_json = NULL, max_attempts = NULL WHERE id = $id";

    /// <summary>The schedule's runs whose tasks have not ended, oldest first.</summary>
    public static List<long> Unfinished(WriteContext context, long scheduleId)
    {
        context.Command(CloseEnded).Set("$schedule", scheduleId).ExecuteNonQuery();
        var open = new List<long>();
        using var rows = context.Command(SelectOpen).Set("$schedule", scheduleId).ExecuteReader();
        while (rows.Read())
        {
            open.Add(rows.GetInt64(0));
        }

        return open;
    }

    public static int Pending(WriteContext context, long scheduleId) =>
        (int)context.Command(CountPending).Set("$schedule", scheduleId).ScalarInt64()!.Value;

    /// <summary>How many of the schedule's runs may be unfinished at once.</summary>
    public static int Limit(ScheduleRecord schedule) =>
        schedule.Overlap == OverlapPolicy.BufferOne ? 1 : schedule.MaxParallel ?? int.MaxValue;

    /// <summary>Fires pending ticks, oldest first, while <paramref name="unfinished"/> is under the limit; adds their tasks to it.</summary>
    public static List<long> Release(WriteContext context, ScheduleRecord schedule, List<long> unfinished)
    {
        var released = new List<long>();
        while (unfinished.Count < Limit(schedule))
        {
            long id;
            DateTimeOffset tick;
            bool manual;
            int missed;
            NewTask task;
            using (var row = context.Command(SelectOldestPending).Set("$schedule", schedule.Id).ExecuteReader())
            {
                if (!row.Read())
                {
                    break;
                }

                id = row.GetInt64(0);
                tick = UnixTime.FromMicros(row.GetInt64(1));
                manual = row.GetInt64(2) != 0;
                missed = row.GetInt32(3);
                task = new NewTask(row.GetString(4), row.GetString(5)) { MaxAttempts = row.GetInt32(6) };
            }

            var record = Enqueue(context, schedule, tick, manual, missed, task);
            context.Command(MarkFired).Set("$id", id).Set("$task", record.Id).Set("$now", context.Now()).ExecuteNonQuery();
            unfinished.Add(record.Id);
            released.Add(id);
        }

        return released;
    }

    /// <summary>Enqueues the tick's task and records the tick as fired; returns the tick's id and the task.</summary>
    public static (long TickId, TaskRecord Task) Fire(
        WriteContext context, ScheduleRecord schedule, TickRequest request, string? reason)
    {
        var task = Enqueue(context, schedule, request.TickAt, request.Manual, request.Missed, request.Task);
        var tickId = Record(context, request, TickOutcome.Fired, reason, task.Id);
        return (tickId, task);
    }

    /// <summary>Records a tick that did not fire now (skipped, pending, missed); a pending one keeps its task to enqueue later.</summary>
    public static long Record(WriteContext context, TickRequest request, TickOutcome outcome, string? reason, long? taskId = null)
    {
        var now = context.Now();
        var pending = outcome == TickOutcome.Pending;
        return context.Command(InsertTick)
            .Set("$schedule", request.ScheduleId)
            .Set("$tick", UnixTime.ToMicros(request.TickAt))
            .Set("$manual", request.Manual)
            .Set("$outcome", outcome.ToWireName())
            .Set("$reason", reason)
            .Set("$missed", request.Missed)
            .Set("$task", taskId)
            .Set("$open", taskId is not null)
            .Set("$title", pending ? request.Task.Title : null)
            .Set("$spec", pending ? request.Task.SpecJson : null)
            .Set("$max", pending ? request.Task.MaxAttempts : null)
            .Set("$now", now)
            .Set("$fired", taskId is null ? null : now)
            .ScalarInt64()!.Value;
    }

    private static TaskRecord Enqueue(WriteContext context, ScheduleRecord schedule, DateTimeOffset tick, bool manual, int missed, NewTask task)
    {
        var when = tick.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var message = manual
            ? $"fired by schedule {schedule.Name}: run now, asked for at {when}"
            : $"fired by schedule {schedule.Name} for its tick at {when}" + (missed > 0 ? $" (standing for {missed} missed)" : "");
        var data = JsonData.Object((schedule, tick, manual, missed), static (w, s) =>
        {
            w.WriteString("schedule", s.schedule.Name);
            w.WriteNumber("scheduleId", s.schedule.Id);
            w.WriteString("tick", s.tick);
            w.WriteBoolean("manual", s.manual);
            w.WriteNumber("missed", s.missed);
        });
        return EnqueueOp.InsertTask(context, task with { Events = [.. task.Events, new JournalEntry(JournalKinds.ScheduleFired, message, data)] });
    }
}
