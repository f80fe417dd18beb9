using Errand.Scheduling;
using Errand.Storage.Sqlite.Connections;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Rows;

/// <summary>The schedule_ticks table's columns, with the state of each tick's task, and how a row becomes a <see cref="TickRecord"/>.</summary>
internal static class TickRows
{
    private const string From =
        "SELECT t.id, t.schedule_id, t.tick_at, t.manual, t.outcome, t.reason, t.missed, t.task_id, k.state, t.decided_at, t.fired_at " +
        "FROM schedule_ticks t LEFT JOIN tasks k ON k.id = t.task_id";

    public const string SelectById = $"{From} WHERE t.id = $id";

    public const string SelectHistory = $"{From} WHERE t.schedule_id = $schedule ORDER BY t.id DESC LIMIT $limit + 0";

    public static TickRecord Read(StatementRows row) => new()
    {
        Id = row.GetInt64(0),
        ScheduleId = row.GetInt64(1),
        TickAt = UnixTime.FromMicros(row.GetInt64(2)),
        Manual = row.GetInt64(3) != 0,
        Outcome = TickOutcomes.Parse(row.GetString(4)),
        Reason = row.IsDBNull(5) ? null : row.GetString(5),
        Missed = row.GetInt32(6),
        TaskId = row.IsDBNull(7) ? null : row.GetInt64(7),
        TaskState = row.IsDBNull(8) ? null : TaskStates.Parse(row.GetString(8)),
        DecidedAt = UnixTime.FromMicros(row.GetInt64(9)),
        FiredAt = row.IsDBNull(10) ? null : UnixTime.FromMicros(row.GetInt64(10)),
    };

    /// <summary>One tick by id, read on the writer inside the operation that wrote it.</summary>
    public static TickRecord Get(Statement selectById, long tickId)
    {
        using var row = selectById.Set("$id", tickId).ExecuteReader();
        return row.Read() ? Read(row) : throw new InvalidOperationException($"tick {tickId} vanished inside its own transaction");
    }
}
