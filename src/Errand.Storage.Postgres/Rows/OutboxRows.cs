using Npgsql;

namespace Errand.Storage.Postgres.Rows;

/// <summary>The outbox table: its columns, states and how rows read back.</summary>
internal static class OutboxRows
{
    /// <summary>Every column <see cref="Read"/> expects, in order.</summary>
    public const string Columns =
        "id, task_id, key, channel, event, payload_json, attempts, created_at, delivered_at, dead, last_error, next_attempt_at";

    /// <summary>
    /// Inserts messages ($1 keys, $2 channels, $3 events, $4 payloads, in order) due at $5, for task $6 (or none); a key
    /// already there is skipped, so a repeated write delivers once.
    /// </summary>
    public const string Insert =
        "INSERT INTO outbox (key, task_id, channel, event, payload_json, next_attempt_at, created_at) " +
        "SELECT m.key, $6, m.channel, m.event, m.payload, $5, $5 FROM " +
        "unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS m(key, channel, event, payload, n) " +
        "ORDER BY m.n ON CONFLICT (key) DO NOTHING";

    /// <summary>The parameters of <see cref="Insert"/>.</summary>
    public static NpgsqlParameter[] InsertParameters(IReadOnlyList<OutboxMessage> messages, DateTimeOffset now, long? taskId) =>
    [
        Parameters.TextArray([.. messages.Select(n => n.Key)]),
        Parameters.TextArray([.. messages.Select(n => n.Channel)]),
        Parameters.TextArray([.. messages.Select(n => n.Event)]),
        Parameters.TextArray([.. messages.Select(n => n.PayloadJson)]),
        Parameters.Of(now),
        Parameters.BigInt(taskId),
    ];

    /// <summary>The SQL condition selecting rows in <paramref name="state"/>.</summary>
    public static string Condition(OutboxState state) => state switch
    {
        OutboxState.Pending => "(delivered_at IS NULL AND NOT dead AND last_error IS NULL)",
        OutboxState.Retrying => "(delivered_at IS NULL AND NOT dead AND last_error IS NOT NULL)",
        OutboxState.Delivered => "(delivered_at IS NOT NULL)",
        OutboxState.Dead => "(delivered_at IS NULL AND dead)",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static OutboxItem ReadItem(NpgsqlDataReader row) => new(
        row.GetInt64(0),
        row.IsDBNull(1) ? null : row.GetInt64(1),
        new OutboxMessage(row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5)),
        row.GetInt32(6),
        row.GetFieldValue<DateTimeOffset>(7));

    public static OutboxRecord Read(NpgsqlDataReader row)
    {
        var item = ReadItem(row);
        var delivered = TaskRows.Time(row, 8);
        var dead = row.GetBoolean(9);
        var error = row.IsDBNull(10) ? null : row.GetString(10);
        var state = delivered is not null ? OutboxState.Delivered
            : dead ? OutboxState.Dead
            : error is null ? OutboxState.Pending
            : OutboxState.Retrying;
        return new OutboxRecord(item.Id, item.TaskId, item.Message, state, item.Attempts, item.CreatedAt)
        {
            LastError = error,
            DeliveredAt = delivered,
            NextAttemptAt = state is OutboxState.Pending or OutboxState.Retrying ? row.GetFieldValue<DateTimeOffset>(11) : null,
        };
    }
}
