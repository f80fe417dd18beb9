using Errand.Storage.Postgres.Rows;

namespace Errand.Storage.Postgres;

/// <summary>Durable timers.</summary>
public sealed partial class PostgresStore
{
    private const string Parked = "('waiting_for_human', 'retry_backoff', 'scheduled')";

    private const string SelectNextWake = $"SELECT MIN(wake_at) FROM tasks WHERE wake_at IS NOT NULL AND state IN {Parked}";

    // SKIP LOCKED: schedulers on many hosts waking at once take different rows, so each task wakes once; a row
    // locked for a moment is woken on the next round.
    private const string WakeDue =
        $"WITH due AS (SELECT id, state, attempt FROM tasks WHERE wake_at <= $1 AND state IN {Parked} " +
        "ORDER BY wake_at, id FOR NO KEY UPDATE SKIP LOCKED), " +
        "upd AS (UPDATE tasks t SET state = 'queued', wake_at = NULL, reason = 'timer', cancel_requested = false, " +
        "updated_at = $1, finished_at = NULL FROM due WHERE t.id = due.id RETURNING t.id, due.state AS from_state, due.attempt), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        "SELECT id, $1, attempt, 'state', from_state || ' → queued: timer', " +
        "json_build_object('from', from_state, 'to', 'queued', 'reason', 'timer')::text FROM upd ORDER BY id) " +
        "SELECT id FROM upd ORDER BY id";

    /// <inheritdoc/>
    public Task<DateTimeOffset?> NextWakeAsync(CancellationToken cancellationToken) =>
        RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, SelectNextWake);
            await using var row = await command.ExecuteReaderAsync(token);
            await row.ReadAsync(token);
            return TaskRows.Time(row, 0);
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<long>> WakeDueAsync(CancellationToken cancellationToken)
    {
        // Repeatable: a second try wakes whatever is still due.
        var woken = await RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, WakeDue, Now());
            var ids = new List<long>();
            await using var rows = await command.ExecuteReaderAsync(token);
            while (await rows.ReadAsync(token))
            {
                ids.Add(rows.GetInt64(0));
            }

            return ids;
        }, cancellationToken);
        if (woken.Count > 0)
        {
            WorkQueued(null);
        }

        return woken;
    }
}
