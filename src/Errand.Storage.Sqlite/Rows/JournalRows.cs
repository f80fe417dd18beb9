using Errand.Journal;
using Errand.Storage.Sqlite.Connections;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Rows;

/// <summary>Writing and reading journal rows.</summary>
internal static class JournalRows
{
    public const string SelectAfter =
        "SELECT seq, task_id, at, attempt, kind, message, data_json FROM journal " +
        "WHERE task_id = $task AND seq > $after ORDER BY seq LIMIT $limit + 0";

    public const string SelectLatest =
        "SELECT seq, task_id, at, attempt, kind, message, data_json FROM journal " +
        "WHERE task_id = $task ORDER BY seq DESC LIMIT $limit + 0";

    /// <summary>Queues one event for the running operation (see <see cref="WriteContext.Journal"/>).</summary>
    public static void Append(WriteContext context, long taskId, long at, int attempt, string kind, string message, string? dataJson) =>
        context.Journal.Add(new JournalRow(taskId, at, attempt, kind, message, dataJson));

    /// <summary>Queues a caller's events in order.</summary>
    public static void Append(WriteContext context, long taskId, long at, int attempt, IReadOnlyList<JournalEntry> entries)
    {
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry);
            context.Journal.Add(new JournalRow(taskId, at, attempt, entry.Kind, entry.Message, entry.DataJson));
        }
    }

    public static JournalEvent Read(StatementRows row) => new(
        row.GetInt64(0),
        row.GetInt64(1),
        UnixTime.FromMicros(row.GetInt64(2)),
        row.GetInt32(3),
        row.GetString(4),
        row.GetString(5),
        row.IsDBNull(6) ? null : row.GetString(6));
}
