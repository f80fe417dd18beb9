using Errand.Limits;
using Errand.Storage.Postgres.Rows;
using Errand.Storage.Postgres.Signals;
using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Postgres;

/// <summary>Concurrency limits, and claims under them.</summary>
public sealed partial class PostgresStore
{
    private const string AnyLimit = "SELECT EXISTS (SELECT 1 FROM concurrency_limits)";

    // Every claimer under limits locks every limit row first, on every host: claims under limits take turns, so no two
    // count the same free slot. The count runs as the next statement, so its snapshot is taken after the lock is granted
    // (read committed) and sees every claim that committed before. Tasks leaving running need no lock: that only frees.
    private const string LockLimits = "SELECT scope, max_running FROM concurrency_limits ORDER BY scope FOR UPDATE";

    private const string RunningByRepo = "SELECT COALESCE(repo, ''), count(*)::integer FROM tasks WHERE state = 'running' GROUP BY repo";

    // Oldest first, past the repositories already full, in pages: a full repository's backlog is skipped, not waited on.
    private const string Candidates =
        "SELECT id, repo FROM tasks WHERE state = 'queued' AND id > $1 AND (repo IS NULL OR NOT (repo = ANY($2))) " +
        "ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED";

    private const string ClaimPicked =
        "WITH claimed AS (UPDATE tasks t SET state = 'running', attempt = t.attempt + 1, fence = t.fence + 1, lease_owner = $1, " +
        "lease_expires_at = $2, started_at = COALESCE(t.started_at, $4), updated_at = $4, reason = NULL, last_op = $5 " +
        $"WHERE t.id = ANY($3) AND t.state = 'queued' RETURNING {TaskRows.TColumns}), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        "SELECT id, $4, attempt, 'claimed', 'claimed by ' || lease_owner || ' (attempt ' || attempt || ')', " +
        "json_build_object('worker', lease_owner, 'attempt', attempt, 'fence', fence)::text FROM claimed ORDER BY id) " +
        $"SELECT {TaskRows.Columns} FROM claimed ORDER BY id";

    private const string UpsertLimit =
        "INSERT INTO concurrency_limits (scope, max_running, updated_at) VALUES ($1, $2, $3) " +
        "ON CONFLICT (scope) DO UPDATE SET max_running = excluded.max_running, updated_at = excluded.updated_at";

    private const string DeleteLimit = "DELETE FROM concurrency_limits WHERE scope = $1";

    private const string SelectLimits =
        "SELECT l.scope, l.max_running, CASE WHEN l.scope = 'global' THEN (SELECT count(*) FROM tasks WHERE state = 'running') " +
        "ELSE (SELECT count(*) FROM tasks WHERE state = 'running' AND repo = substr(l.scope, 6)) END::integer " +
        "FROM concurrency_limits l ORDER BY l.scope";

    // Set when this store's last claim found limits: a task leaving running then frees a slot that waiting workers
    // (here and, through the notifier, on other hosts) must hear of.
    private volatile bool _limitsActive;

    /// <inheritdoc/>
    public async Task SetLimitAsync(string scope, int? maxRunning, CancellationToken cancellationToken)
    {
        LimitScopes.Check(scope, maxRunning);
        // Repeatable: setting or removing twice leaves the same row.
        await RetryingAsync(async (connection, token) =>
        {
            await using var command = maxRunning is { } max ? Command(connection, UpsertLimit, scope, max, Now()) : Command(connection, DeleteLimit, scope);
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);
        WorkQueued(null); // a raised or removed limit may let queued tasks start now
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ConcurrencyLimit>> ListLimitsAsync(CancellationToken cancellationToken) =>
        RetryingAsync<IReadOnlyList<ConcurrencyLimit>>(async (connection, token) =>
        {
            await using var command = Command(connection, SelectLimits);
            await using var rows = await command.ExecuteReaderAsync(token);
            var limits = new List<ConcurrencyLimit>();
            while (await rows.ReadAsync(token))
            {
                limits.Add(new ConcurrencyLimit(rows.GetString(0), rows.GetInt32(1), rows.GetInt32(2)));
            }

            return limits;
        }, cancellationToken);

    /// <summary>A claim when limits are set: in one transaction, lock the limits, count what runs, take what fits.</summary>
    private async Task<(List<TaskRecord> Tasks, XidSnapshot? Snapshot)> ClaimUnderLimitsAsync(
        NpgsqlConnection connection, ClaimRequest request, Guid op, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = Now();
        var limits = new List<ConcurrencyLimit>();
        var running = new Dictionary<string, int>(StringComparer.Ordinal);
        XidSnapshot snapshot;
        await using (var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand(Snapshot), new NpgsqlBatchCommand(LockLimits), new NpgsqlBatchCommand(RunningByRepo) },
        })
        {
            await using var rows = await batch.ExecuteReaderAsync(cancellationToken);
            await rows.ReadAsync(cancellationToken);
            snapshot = XidSnapshot.Parse(rows.GetString(0));
            await rows.NextResultAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                limits.Add(new ConcurrencyLimit(rows.GetString(0), rows.GetInt32(1)));
            }

            await rows.NextResultAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                running[rows.GetString(0)] = rows.GetInt32(1);
            }
        }

        var picked = await new ClaimBudget(limits, running, request.MaxTasks).PickAsync(async (after, full, page) =>
        {
            await using var command = Command(connection, Candidates, after, full.ToArray(), page);
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            var candidates = new List<(long, string?)>(page);
            while (await rows.ReadAsync(cancellationToken))
            {
                candidates.Add((rows.GetInt64(0), rows.IsDBNull(1) ? null : rows.GetString(1)));
            }

            return candidates;
        });
        var tasks = picked.Count == 0
            ? []
            : await ReadTasksAsync(Command(connection, ClaimPicked, request.WorkerId, now + request.LeaseDuration, picked.ToArray(), now, op), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (tasks, snapshot);
    }
}
