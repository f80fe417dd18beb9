using Errand.Storage.Sqlite.Connections;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Rows;

/// <summary>The tasks table's columns and how a row becomes a <see cref="TaskRecord"/>.</summary>
internal static class TaskRows
{
    /// <summary>Every column, in the order <see cref="Read"/> expects.</summary>
    public const string Columns =
        "id, title, state, spec_json, attempt, max_attempts, fence, lease_owner, lease_expires_at, cancel_requested, " +
        "wake_at, reason, result_json, created_at, updated_at, started_at, finished_at, name";

    /// <summary><see cref="Columns"/> of the table aliased <paramref name="alias"/>, for statements that join tasks to tasks.</summary>
    public static string Qualified(string alias) => string.Join(", ", Columns.Split(", ").Select(c => $"{alias}.{c}"));

    public const string SelectById = $"SELECT {Columns} FROM tasks WHERE id = $id";

    public static TaskRecord Read(StatementRows row) => new()
    {
        Id = row.GetInt64(0),
        Title = row.GetString(1),
        State = TaskStates.Parse(row.GetString(2)),
        SpecJson = row.GetString(3),
        Attempt = row.GetInt32(4),
        MaxAttempts = row.GetInt32(5),
        Fence = row.GetInt64(6),
        LeaseOwner = row.IsDBNull(7) ? null : row.GetString(7),
        LeaseExpiresAt = Time(row, 8),
        CancelRequested = row.GetInt64(9) != 0,
        WakeAt = Time(row, 10),
        Reason = row.IsDBNull(11) ? null : row.GetString(11),
        ResultJson = row.IsDBNull(12) ? null : row.GetString(12),
        CreatedAt = UnixTime.FromMicros(row.GetInt64(13)),
        UpdatedAt = UnixTime.FromMicros(row.GetInt64(14)),
        StartedAt = Time(row, 15),
        FinishedAt = Time(row, 16),
        Name = row.IsDBNull(17) ? null : row.GetString(17),
    };

    /// <summary>One task by id with a cached command, or null.</summary>
    public static TaskRecord? Get(Statement selectById, long taskId)
    {
        using var row = selectById.Set("$id", taskId).ExecuteReader();
        return row.Read() ? Read(row) : null;
    }

    private static DateTimeOffset? Time(StatementRows row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : UnixTime.FromMicros(row.GetInt64(ordinal));
}
