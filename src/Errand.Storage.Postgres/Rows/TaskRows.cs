using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Postgres.Rows;

/// <summary>The tasks table's columns and how a row becomes a <see cref="TaskRecord"/>.</summary>
internal static class TaskRows
{
    /// <summary>Every column, in the order <see cref="Read"/> expects.</summary>
    public const string Columns =
        "id, title, state, spec_json, attempt, max_attempts, fence, lease_owner, lease_expires_at, cancel_requested, " +
        "wake_at, reason, result_json, created_at, updated_at, started_at, finished_at, name";

    /// <summary><see cref="Columns"/> of the table aliased <c>t</c>, for statements that join.</summary>
    public const string TColumns =
        "t.id, t.title, t.state, t.spec_json, t.attempt, t.max_attempts, t.fence, t.lease_owner, t.lease_expires_at, " +
        "t.cancel_requested, t.wake_at, t.reason, t.result_json, t.created_at, t.updated_at, t.started_at, t.finished_at, t.name";

    /// <summary><see cref="Columns"/> of the table aliased <paramref name="alias"/>, for statements that join tasks to tasks.</summary>
    public static string Qualified(string alias) => string.Join(", ", Columns.Split(", ").Select(c => $"{alias}.{c}"));

    public const string SelectById = $"SELECT {Columns} FROM tasks WHERE id = $1";

    public static TaskRecord Read(NpgsqlDataReader row, int first = 0) => new()
    {
        Id = row.GetInt64(first),
        Title = row.GetString(first + 1),
        State = TaskStates.Parse(row.GetString(first + 2)),
        SpecJson = row.GetString(first + 3),
        Attempt = row.GetInt32(first + 4),
        MaxAttempts = row.GetInt32(first + 5),
        Fence = row.GetInt64(first + 6),
        LeaseOwner = row.IsDBNull(first + 7) ? null : row.GetString(first + 7),
        LeaseExpiresAt = Time(row, first + 8),
        CancelRequested = row.GetBoolean(first + 9),
        WakeAt = Time(row, first + 10),
        Reason = row.IsDBNull(first + 11) ? null : row.GetString(first + 11),
        ResultJson = row.IsDBNull(first + 12) ? null : row.GetString(first + 12),
        CreatedAt = row.GetFieldValue<DateTimeOffset>(first + 13),
        UpdatedAt = row.GetFieldValue<DateTimeOffset>(first + 14),
        StartedAt = Time(row, first + 15),
        FinishedAt = Time(row, first + 16),
        Name = row.IsDBNull(first + 17) ? null : row.GetString(first + 17),
    };

    public static DateTimeOffset? Time(NpgsqlDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : row.GetFieldValue<DateTimeOffset>(ordinal);
}
