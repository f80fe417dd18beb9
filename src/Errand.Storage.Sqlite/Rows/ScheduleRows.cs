using Errand.Scheduling;
using Errand.Storage.Sqlite.Connections;

namespace Errand.Storage.Sqlite.Rows;

/// <summary>The schedules table's columns and how a row becomes a <see cref="ScheduleRecord"/>.</summary>
internal static class ScheduleRows
{
    /// <summary>Every column, in the order <see cref="Read"/> expects, with the count of pending ticks last.</summary>
    public const string Columns =
        "s.id, s.name, s.cron, s.time_zone, s.overlap, s.catch_up_ms, s.jitter_ms, s.max_parallel, s.paused, s.title, " +
        "s.spec_json, s.spec_source, s.spec_path, s.max_attempts, s.cursor, s.created_at, s.updated_at, " +
        "(SELECT COUNT(*) FROM schedule_ticks p WHERE p.schedule_id = s.id AND p.outcome = 'pending')";

    public const string SelectById = $"SELECT {Columns} FROM schedules s WHERE s.id = $id";

    public const string SelectByName = $"SELECT {Columns} FROM schedules s WHERE s.name = $name";

    public const string SelectAll = $"SELECT {Columns} FROM schedules s ORDER BY s.name";

    public static ScheduleRecord Read(StatementRows row) => new()
    {
        Id = row.GetInt64(0),
        Name = row.GetString(1),
        Cron = row.GetString(2),
        TimeZone = row.GetString(3),
        Overlap = OverlapPolicies.Parse(row.GetString(4)),
        CatchUp = TimeSpan.FromMilliseconds(row.GetInt64(5)),
        Jitter = TimeSpan.FromMilliseconds(row.GetInt64(6)),
        MaxParallel = row.IsDBNull(7) ? null : row.GetInt32(7),
        Paused = row.GetInt64(8) != 0,
        Title = row.GetString(9),
        SpecJson = row.GetString(10),
        SpecSource = row.GetString(11),
        SpecPath = row.IsDBNull(12) ? null : row.GetString(12),
        MaxAttempts = row.GetInt32(13),
        Cursor = UnixTime.FromMicros(row.GetInt64(14)),
        CreatedAt = UnixTime.FromMicros(row.GetInt64(15)),
        UpdatedAt = UnixTime.FromMicros(row.GetInt64(16)),
        PendingTicks = row.GetInt32(17),
    };

    /// <summary>The first row of a query by id or name, or null.</summary>
    public static ScheduleRecord? Single(Statement query)
    {
        using var row = query.ExecuteReader();
        return row.Read() ? Read(row) : null;
    }
}
