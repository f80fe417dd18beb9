using Errand.Journal;
using Errand.Storage.Postgres.Connections;
using Errand.Storage.Postgres.Rows;
using Errand.Storage.Postgres.Signals;
using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Postgres;

/// <summary>Tasks and the queue.</summary>
public sealed partial class PostgresStore
{
    // The snapshot is read first, in the same round trip: anything it sees, the claim after it sees too (see WorkSignal).
    private const string Snapshot = "SELECT pg_current_snapshot()::text";

    // FENCING: fence + 1 gives the new owner a token no earlier owner holds. SKIP LOCKED: concurrent claimers, on
    // any host, each take different rows instead of queueing behind one another; a row is claimed by one only,
    // because the UPDATE holds its lock until commit and a second claimer re-checks state = 'queued' after it.
    // With concurrency limits set, this claims nothing (the NOT EXISTS is evaluated once) and ClaimUnderLimitsAsync
    // claims instead; without, the limits cost this one empty lookup.
    private const string Claim =
        "WITH picked AS (SELECT id FROM tasks WHERE state = 'queued' AND NOT EXISTS (SELECT 1 FROM concurrency_limits) " +
        "ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED), " +
        "claimed AS (UPDATE tasks t SET state = 'running', attempt = t.attempt + 1, fence = t.fence + 1, lease_owner = $1, " +
        "lease_expires_at = $2, started_at = COALESCE(t.started_at, $4), updated_at = $4, reason = NULL, last_op = $5 " +
        $"FROM picked WHERE t.id = picked.id RETURNING {TaskRows.TColumns}), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        "SELECT id, $4, attempt, 'claimed', 'claimed by ' || lease_owner || ' (attempt ' || attempt || ')', " +
        "json_build_object('worker', lease_owner, 'attempt', attempt, 'fence', fence)::text FROM claimed ORDER BY id) " +
        $"SELECT {TaskRows.Columns} FROM claimed ORDER BY id";

    // After a lost answer: the claims an earlier try of this very call committed, if any.
    private const string ClaimedBy =
        $"SELECT {TaskRows.Columns} FROM tasks WHERE state = 'running' AND lease_owner = $1 AND last_op = $2 ORDER BY id";

    private const string RequestCancel =
        "WITH cur AS (SELECT id, state, cancel_requested, attempt FROM tasks WHERE id = $1 FOR NO KEY UPDATE), " +
        "upd AS (UPDATE tasks t SET cancel_requested = true, updated_at = $2 FROM cur " +
        "WHERE t.id = cur.id AND cur.state = 'running' AND NOT cur.cancel_requested RETURNING t.id, cur.attempt), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) SELECT id, $2, attempt, $3, $4, $5 FROM upd) " +
        "SELECT state = 'running' FROM cur";

    /// <inheritdoc/>
    public async Task<TaskRecord> EnqueueAsync(NewTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(task.Title);
        ArgumentNullException.ThrowIfNull(task.SpecJson);
        ArgumentNullException.ThrowIfNull(task.Events);
        ArgumentOutOfRangeException.ThrowIfLessThan(task.MaxAttempts, 1);
        ArgumentNullException.ThrowIfNull(task.After);
        if (task.After.Count > 0)
        {
            return (await EnqueueBatchAsync([task], cancellationToken))[0];
        }

        // Not repeated after a lost answer: nothing tells a committed insert from one that never ran.
        var now = Now();
        var insert = new PipelinedWrite<(TaskRecord, ulong)>
        {
            Commands = () => [NewTasks.BatchCommand(task, now)],
            ReadAsync = (row, token) => NewTasks.ReadAsync(row, task, now, TaskState.Queued, token),
            Merger = _options.MergeWrites ? MergedNewTasks.Instance : null,
            Item = new MergedNewTasks.Item(task, now),
        };
        var (record, xid) = await GroupedAsync(insert, repeatable: false, lockKey: null, cancellationToken);
        WorkQueued(xid);
        return record;
    }

    /// <inheritdoc/>
    public Task<TaskRecord?> GetAsync(long taskId, CancellationToken cancellationToken) =>
        RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, TaskRows.SelectById, taskId);
            await using var row = await command.ExecuteReaderAsync(token);
            return await row.ReadAsync(token) ? TaskRows.Read(row) : null;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<TaskRecord>> ListAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var states = query.States.Distinct().Select(s => s.ToWireName()).ToArray();
        var sql = ListSql(states);
        return RetryingAsync<IReadOnlyList<TaskRecord>>(async (connection, token) =>
            await ReadTasksAsync(Command(connection, sql, query.BeforeId ?? long.MaxValue, Math.Max(0, query.Limit)), token), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Repeated after a lost answer: each call carries an id stored with its claims, so a retry first collects
    /// what an earlier try committed instead of leaving those tasks running unowned until their lease lapses.
    /// </remarks>
    public async Task<IReadOnlyList<TaskClaim>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.WorkerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxTasks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(request.LeaseDuration, TimeSpan.Zero);
        var stamp = _work.Stamp;
        var op = Guid.CreateVersion7();
        var tries = 0;
        try
        {
            var (claimed, snapshot) = await RetryingAsync(async (connection, token) =>
            {
                if (tries++ > 0 && await ReadTasksAsync(Command(connection, ClaimedBy, request.WorkerId, op), token) is { Count: > 0 } earlier)
                {
                    return (earlier, null);
                }

                var now = Now();
                await using var batch = new NpgsqlBatch(connection)
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand(Snapshot),
                        BatchCommand(Claim, request.WorkerId, now + request.LeaseDuration, request.MaxTasks, now, op),
                        new NpgsqlBatchCommand(AnyLimit),
                    },
                };
                var tasks = new List<TaskRecord>(request.MaxTasks);
                XidSnapshot snapshot;
                bool limited;
                await using (var rows = await batch.ExecuteReaderAsync(token))
                {
                    await rows.ReadAsync(token);
                    snapshot = XidSnapshot.Parse(rows.GetString(0));
                    await rows.NextResultAsync(token);
                    while (await rows.ReadAsync(token))
                    {
                        tasks.Add(TaskRows.Read(rows));
                    }

                    await rows.NextResultAsync(token);
                    limited = await rows.ReadAsync(token) && rows.GetBoolean(0);
                }

                _limitsActive = limited;
                return limited ? await ClaimUnderLimitsAsync(connection, request, op, token) : (tasks, (XidSnapshot?)snapshot);
            }, cancellationToken);
            if (snapshot is not null && claimed.Count < request.MaxTasks)
            {
                _work.SeenEmpty(stamp, snapshot);
            }

            if (claimed.Count > 0)
            {
                _journal.Raise();
            }

            return [.. claimed.Select(t => new TaskClaim(t, new LeaseToken(t.Id, request.WorkerId, t.Fence)))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing claim counts as having looked: its caller waits for new work or its poll instead of spinning.
            _work.Failed(stamp);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task<bool> RequestCancelAsync(long taskId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var data = EventData.Of(new { reason });
        // Repeatable: a second try finds the request already made (journaled once) and still answers "running".
        return Journaled(RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, RequestCancel, taskId, Now(), JournalKinds.CancelRequested, $"cancel requested: {reason}", data);
            return await command.ExecuteScalarAsync(token) is true;
        }, cancellationToken));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Woken by this process's own commits at once, and by every other process's through LISTEN/NOTIFY (a few
    /// milliseconds), not by polling; <paramref name="maxWait"/> only bounds the wait.
    /// </remarks>
    public Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        _work.WaitAsync(maxWait, _time, cancellationToken);

    /// <summary>
    /// Newest first. With states, each is read on its own and the pages merged, so a page costs the same however long
    /// the history is, instead of filtering every task (a worker's drain check, a dashboard polling running tasks): every
    /// state but succeeded from the partial (state, id) index, succeeded (most rows) from the primary key backwards. The
    /// states are written into the statement (wire names of an enum), not bound: a generic plan for a bound state could
    /// not use the partial index.
    /// </summary>
    private static string ListSql(string[] states)
    {
        if (states.Length == 0)
        {
            return $"SELECT {TaskRows.Columns} FROM tasks WHERE id < $1 ORDER BY id DESC LIMIT $2";
        }

        var branches = states.Select(state =>
            $"(SELECT {TaskRows.Columns} FROM tasks WHERE state = '{state}' AND id < $1 ORDER BY id DESC LIMIT $2)");
        return $"SELECT * FROM ({string.Join(" UNION ALL ", branches)}) page ORDER BY id DESC LIMIT $2";
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameters.Of(value));
        }

        return command;
    }

    private static async Task<List<TaskRecord>> ReadTasksAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var tasks = new List<TaskRecord>();
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                tasks.Add(TaskRows.Read(rows));
            }

            return tasks;
        }
    }
}
