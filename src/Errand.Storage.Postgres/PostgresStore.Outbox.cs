using Errand.Journal;
using Errand.Storage.Postgres.Rows;
using Errand.Storage.Postgres.Signals;
using Npgsql;

namespace Errand.Storage.Postgres;

/// <summary>The notification outbox.</summary>
public sealed partial class PostgresStore
{
    // FENCING: a stale owner's warning is refused as a whole: neither its events nor its notifications are written.
    // The key is the receivers' delivery id: a row whose key is already there is skipped, never written twice.
    private const string Notify =
        "WITH t AS (SELECT id, attempt FROM tasks WHERE id = $1 " +
        "AND ($2::bigint IS NULL OR (fence = $2 AND lease_owner = $3 AND state = 'running')) FOR NO KEY UPDATE), " +
        "ins AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        $"SELECT t.id, $4, t.attempt, e.kind, e.message, e.data_json FROM t, {JournalRows.Unnest5} ORDER BY e.n), " +
        "o AS (INSERT INTO outbox (key, task_id, channel, event, payload_json, next_attempt_at, created_at) " +
        "SELECT m.key, t.id, m.channel, m.event, m.payload, $4, $4 FROM t, " +
        "unnest($8::text[], $9::text[], $10::text[], $11::text[]) WITH ORDINALITY AS m(key, channel, event, payload, n) " +
        "ORDER BY m.n ON CONFLICT (key) DO NOTHING RETURNING id) " +
        "SELECT count(*), (SELECT count(*) FROM o) FROM t";

    // SKIP LOCKED: dispatchers on many hosts take different rows; a claimed row stays hidden until its time passes.
    private const string ClaimOutbox =
        "UPDATE outbox SET claimed_until = $2 WHERE id IN (SELECT id FROM outbox " +
        "WHERE delivered_at IS NULL AND NOT dead AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1) " +
        "ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) " +
        "RETURNING id, task_id, key, channel, event, payload_json, attempts, created_at";

    private const string MarkDelivered =
        "UPDATE outbox SET delivered_at = $2, claimed_until = NULL, attempts = attempts + 1 WHERE id = $1 AND delivered_at IS NULL";

    private const string MarkFailed =
        "UPDATE outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL, " +
        "next_attempt_at = COALESCE($3, next_attempt_at), dead = $3 IS NULL WHERE id = $1 AND delivered_at IS NULL";

    // claimed_until is left alone: a row in flight stays hidden until its dispatcher marks it or its claim expires.
    private const string RetryOne = "UPDATE outbox SET dead = false, next_attempt_at = $1 WHERE id = $2 AND delivered_at IS NULL";

    private const string RetryFailed =
        "UPDATE outbox SET dead = false, next_attempt_at = $1 WHERE delivered_at IS NULL AND (dead OR last_error IS NOT NULL)";

    /// <inheritdoc/>
    public async Task<bool> NotifyAsync(
        long taskId,
        LeaseToken? lease,
        IReadOnlyList<JournalEntry> events,
        IReadOnlyList<OutboxMessage> messages,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(messages);
        if (lease is not null && lease.TaskId != taskId)
        {
            throw new ArgumentException($"The lease is for task {lease.TaskId}, not {taskId}.", nameof(lease));
        }

        // Not repeated after a lost answer: its journal events would be written twice.
        var (written, rows) = await OnceAsync(async (connection, token) =>
        {
            await using var command = Command(connection, Notify, taskId, Parameters.BigInt(lease?.Fence), Parameters.Text(lease?.WorkerId), Now());
            JournalRows.Bind(command.Parameters, events);
            command.Parameters.Add(Parameters.TextArray([.. messages.Select(m => m.Key)]));
            command.Parameters.Add(Parameters.TextArray([.. messages.Select(m => m.Channel)]));
            command.Parameters.Add(Parameters.TextArray([.. messages.Select(m => m.Event)]));
            command.Parameters.Add(Parameters.TextArray([.. messages.Select(m => m.PayloadJson)]));
            await using var row = await command.ExecuteReaderAsync(token);
            await row.ReadAsync(token);
            return (row.GetInt64(0) > 0, row.GetInt64(1));
        }, cancellationToken);
        _journal.Raise();
        if (rows > 0)
        {
            OutboxDue();
        }

        return written;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(visibility, TimeSpan.Zero);
        var stamp = _outbox.Stamp;
        try
        {
            // Repeatable: rows an earlier try claimed come back once their visibility passes (at least once).
            var (items, snapshot) = await RetryingAsync(async (connection, token) =>
            {
                var now = Now();
                await using var batch = new NpgsqlBatch(connection)
                {
                    BatchCommands = { new NpgsqlBatchCommand(Snapshot), BatchCommand(ClaimOutbox, now, now + visibility, max) },
                };
                await using var rows = await batch.ExecuteReaderAsync(token);
                await rows.ReadAsync(token);
                var snapshot = XidSnapshot.Parse(rows.GetString(0));
                await rows.NextResultAsync(token);
                var items = new List<OutboxItem>();
                while (await rows.ReadAsync(token))
                {
                    items.Add(OutboxRows.ReadItem(rows));
                }

                return (items, snapshot);
            }, cancellationToken);
            if (items.Count < max)
            {
                _outbox.SeenEmpty(stamp, snapshot);
            }

            items.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            return items;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // As for task claims: a failing claim counts as having looked, so its dispatcher waits instead of spinning.
            _outbox.Failed(stamp);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task MarkDeliveredAsync(long id, CancellationToken cancellationToken) =>
        // Repeatable: a row already marked delivered is left alone.
        RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, MarkDelivered, id, Now());
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task MarkFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        // Not repeated after a lost answer: the attempt would be counted twice.
        return OnceAsync(async (connection, token) =>
        {
            await using var command = Command(connection, MarkFailed, id, error, Parameters.Time(retryAt));
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<OutboxRecord>> ListOutboxAsync(OutboxQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var conditions = new List<string>();
        if (query.States.Count > 0)
        {
            conditions.Add("(" + string.Join(" OR ", query.States.Distinct().Order().Select(OutboxRows.Condition)) + ")");
        }

        conditions.Add("($2::bigint IS NULL OR task_id = $2)");
        var sql = $"SELECT {OutboxRows.Columns} FROM outbox WHERE {string.Join(" AND ", conditions)} ORDER BY id DESC LIMIT $1";
        return RetryingAsync<IReadOnlyList<OutboxRecord>>(async (connection, token) =>
        {
            await using var command = Command(connection, sql, Math.Max(0, query.Limit), Parameters.BigInt(query.TaskId));
            var records = new List<OutboxRecord>();
            await using var rows = await command.ExecuteReaderAsync(token);
            while (await rows.ReadAsync(token))
            {
                records.Add(OutboxRows.Read(rows));
            }

            return records;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> RetryOutboxAsync(long id, CancellationToken cancellationToken) =>
        await RetryOutboxAsync(RetryOne, id, cancellationToken) > 0;

    /// <inheritdoc/>
    public Task<int> RetryFailedOutboxAsync(CancellationToken cancellationToken) =>
        RetryOutboxAsync(RetryFailed, null, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Woken by rows written or retried in any process (LISTEN/NOTIFY), not only this one.</remarks>
    public Task WaitForOutboxAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        _outbox.WaitAsync(maxWait, _time, cancellationToken);

    private async Task<int> RetryOutboxAsync(string sql, long? id, CancellationToken cancellationToken)
    {
        // Repeatable: making a row due now twice is making it due now.
        var count = await RetryingAsync(async (connection, token) =>
        {
            await using var command = id is { } one ? Command(connection, sql, Now(), one) : Command(connection, sql, Now());
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);
        if (count > 0)
        {
            OutboxDue();
        }

        return count;
    }
}
