using Errand.Scheduling;
using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Postgres.Rows;

/// <summary>The schedules and schedule_ticks tables' columns and how their rows read back.</summary>
internal static class ScheduleRows
{
    /// <summary>Every schedule column, in the order <see cref="Read"/> expects, with the count of pending ticks last.</summary>
    public const string Columns =
        "s.id, s.name, s.cron, s.time_zone, s.overlap, s.catch_up_ms, s.jitter_ms, s.max_parallel, s.paused, s.title, " +
        "s.spec_json, s.spec_source, s.spec_path, s.max_attempts, s.cursor, s.created_at, s.updated_at, " +
        "(SELECT COUNT(*) FROM schedule_ticks p WHERE p.schedule_id = s.id AND p.outcome = 'pending')::integer";

    public const string SelectById = $"SELECT {Columns} FROM schedules s WHERE s.id = $1";

    public const string SelectByName = $"SELECT {Columns} FROM schedules s WHERE s.name = $1";

    public const string SelectAll = $"SELECT {Columns} FROM schedules s ORDER BY s.name";

    private const string Ticks =
        "SELECT t.id, t.schedule_id, t.tick_at, t.manual, t.outcome, t.reason, t.missed, t.task_id, k.state, t.decided_at, t.fired_at " +
        "FROM schedule_ticks t LEFT JOIN tasks k ON k.id = t.task_id";

    public const string TickById = $"{Ticks} WHERE t.id = $1";

    public const string TickHistory = $"{Ticks} WHERE t.schedule_id = $1 ORDER BY t.id DESC LIMIT $2";

    public static ScheduleRecord Read(NpgsqlDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Name = row.GetString(1),
        Cron = row.GetString(2),
        TimeZone = row.GetString(3),
        Overlap = OverlapPolicies.Parse(row.GetString(4)),
        CatchUp = TimeSpan.FromMilliseconds(row.GetInt64(5)),
        Jitter = TimeSpan.FromMilliseconds(row.GetInt64(6)),
        MaxParallel = row.IsDBNull(7) ? null : row.GetInt32(7),
        Paused = row.GetBoolean(8),
        Title = row.GetString(9),
        SpecJson = row.GetString(10),
        SpecSource = row.GetString(11),
        SpecPath = row.IsDBNull(12) ? null : row.GetString(12),
        MaxAttempts = row.GetInt32(13),
        Cursor = row.GetFieldValue<DateTimeOffset>(14),
        CreatedAt = row.GetFieldValue<DateTimeOffset>(15),
        UpdatedAt = row.GetFieldValue<DateTimeOffset>(16),
        PendingTicks = row.GetInt32(17),
    };

    public static TickRecord ReadTick(NpgsqlDataReader row) => new()
    {
        Id = row.GetInt64(0),
        ScheduleId = row.GetInt64(1),
        TickAt = row.GetFieldValue<DateTimeOffset>(2),
        Manual = row.GetBoolean(3),
        Outcome = TickOutcomes.Parse(row.GetString(4)),
        Reason = row.IsDBNull(5) ? null : row.GetString(5),
        Missed = row.GetInt32(6),
        TaskId = row.IsDBNull(7) ? null : row.GetInt64(7),
        TaskState = row.IsDBNull(8) ? null : TaskStates.Parse(row.GetString(8)),
        DecidedAt = row.GetFieldValue<DateTimeOffset>(9),
        FiredAt = TaskRows.Time(row, 10),
    };

    /// <summary>Every row a command returns, read with <paramref name="read"/>.</summary>
    public static async Task<List<T>> AllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var list = new List<T>();
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                list.Add(read(rows));
            }

            return list;
        }
    }
}
