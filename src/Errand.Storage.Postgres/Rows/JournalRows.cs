using Errand.Journal;
using Npgsql;

namespace Errand.Storage.Postgres.Rows;

/// <summary>Reading journal rows, and passing a list of events to a statement as three parallel arrays.</summary>
internal static class JournalRows
{
    public const string SelectAfter =
        "SELECT seq, task_id, at, attempt, kind, message, data_json FROM journal " +
        "WHERE task_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";

    public const string SelectLatest =
        "SELECT seq, task_id, at, attempt, kind, message, data_json FROM journal " +
        "WHERE task_id = $1 ORDER BY seq DESC LIMIT $2";

    /// <summary>
    /// Events bound as $5..$7 (see <see cref="Bind"/>) as rows e(kind, message, data_json, n), in the order given; a
    /// statement inserts them <c>ORDER BY e.n</c>, so their seq follows that order.
    /// </summary>
    public const string Unnest5 = "unnest($5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS e(kind, message, data_json, n)";

    /// <summary>Binds events as three parallel text arrays. A null kind or message fails the statement.</summary>
    public static void Bind(NpgsqlParameterCollection parameters, IReadOnlyList<JournalEntry> entries)
    {
        var kinds = new string[entries.Count];
        var messages = new string[entries.Count];
        var data = new string?[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            ArgumentNullException.ThrowIfNull(entry);
            kinds[i] = entry.Kind;
            messages[i] = entry.Message;
            data[i] = entry.DataJson;
        }

        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = kinds });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = messages });
        parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = data });
    }

    public static JournalEvent Read(NpgsqlDataReader row) => new(
        row.GetInt64(0),
        row.GetInt64(1),
        row.GetFieldValue<DateTimeOffset>(2),
        row.GetInt32(3),
        row.GetString(4),
        row.GetString(5),
        row.IsDBNull(6) ? null : row.GetString(6));
}
