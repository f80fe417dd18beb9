using Errand.Storage.Sqlite.Connections;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Rows;

/// <summary>The outbox table: how rows are written with their cause, and how they read back for listing.</summary>
internal static class OutboxRows
{
    /// <summary>Every column <see cref="Read"/> expects, in order.</summary>
    public const string Columns =
        "id, task_id, key, channel, event, payload_json, attempts, created_at, delivered_at, dead, last_error, next_attempt_at";

    // The key is the receivers' delivery id: a second row with it would be a second, differently numbered delivery.
    private const string Insert =
        "INSERT INTO outbox (key, task_id, channel, event, payload_json, attempts, next_attempt_at, dead, created_at) " +
        "VALUES ($key, $task, $channel, $event, $payload, 0, $now, 0, $now) ON CONFLICT (key) DO NOTHING";

    /// <summary>The SQL condition selecting rows in <paramref name="state"/>.</summary>
    public static string Condition(OutboxState state) => state switch
    {
        OutboxState.Pending => "(delivered_at IS NULL AND dead = 0 AND last_error IS NULL)",
        OutboxState.Retrying => "(delivered_at IS NULL AND dead = 0 AND last_error IS NOT NULL)",
        OutboxState.Delivered => "(delivered_at IS NOT NULL)",
        OutboxState.Dead => "(delivered_at IS NULL AND dead = 1)",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Writes <paramref name="messages"/> for a task (or for none: a fleet's), due now; keys already present are skipped. True when any was new.</summary>
    public static bool Write(WriteContext context, long? taskId, long now, IReadOnlyList<OutboxMessage> messages)
    {
        var written = false;
        foreach (var message in messages)
        {
            written |= context.Command(Insert)
                .Set("$key", message.Key)
                .Set("$task", taskId)
                .Set("$channel", message.Channel)
                .Set("$event", message.Event)
                .Set("$payload", message.PayloadJson)
                .Set("$now", now)
                .ExecuteNonQuery() > 0;
        }

        return written;
    }

    public static OutboxRecord Read(StatementRows row)
    {
        var delivered = row.IsDBNull(8) ? (DateTimeOffset?)null : UnixTime.FromMicros(row.GetInt64(8));
        var dead = row.GetInt64(9) != 0;
        var error = row.IsDBNull(10) ? null : row.GetString(10);
        var state = delivered is not null ? OutboxState.Delivered
            : dead ? OutboxState.Dead
            : error is null ? OutboxState.Pending
            : OutboxState.Retrying;
        return new OutboxRecord(
            row.GetInt64(0),
            row.IsDBNull(1) ? null : row.GetInt64(1),
            new OutboxMessage(row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5)),
            state,
            row.GetInt32(6),
            UnixTime.FromMicros(row.GetInt64(7)))
        {
            LastError = error,
            DeliveredAt = delivered,
            NextAttemptAt = state is OutboxState.Pending or OutboxState.Retrying ? UnixTime.FromMicros(row.GetInt64(11)) : null,
        };
    }
}
