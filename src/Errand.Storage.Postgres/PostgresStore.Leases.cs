using Errand.Journal;
using Errand.Storage.Postgres.Rows;
using Errand.Tasks;

namespace Errand.Storage.Postgres;

/// <summary>Leases: heartbeats, hand-backs and the reaper.</summary>
public sealed partial class PostgresStore
{
    // FENCING: the lease is extended only while fence, owner and running state all match; otherwise nothing changes.
    private const string Renew =
        "UPDATE tasks SET lease_expires_at = $4 WHERE id = $1 AND fence = $2 AND lease_owner = $3 AND state = 'running' " +
        "RETURNING cancel_requested";

    // FENCING: applies only for the current owner, and raises the fence so that owner can write nothing more.
    // A pending cancel request is kept: the next owner sees it on its first heartbeat. $6 is this call's id,
    // by which a retry after a lost answer recognises its own earlier hand-back.
    private const string Release =
        "WITH upd AS (UPDATE tasks SET state = 'queued', fence = fence + 1, lease_owner = NULL, lease_expires_at = NULL, " +
        "reason = $4, updated_at = $5, last_op = $6 WHERE id = $1 AND fence = $2 AND lease_owner = $3 AND state = 'running' " +
        "RETURNING id, attempt), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) SELECT id, $5, attempt, $7, $8, $9 FROM upd) " +
        "SELECT EXISTS (SELECT 1 FROM upd) OR EXISTS (SELECT 1 FROM tasks WHERE id = $1 AND last_op = $6)";

    // FENCING: fence + 1 and the cleared lease shut the lapsed owner out: if it wakes up, every write it tries
    // (transition, append, checkpoint, renew, release) finds another fence and writes nothing. SKIP LOCKED: a
    // row being renewed or changed right now is not lapsed for long; reapers on many hosts never reclaim one twice.
    private const string ReclaimExpired =
        "WITH expired AS (SELECT id, lease_owner, attempt, max_attempts, fence FROM tasks " +
        "WHERE state = 'running' AND lease_expires_at < $1 ORDER BY id FOR NO KEY UPDATE SKIP LOCKED), " +
        "upd AS (UPDATE tasks t SET state = CASE WHEN e.attempt >= e.max_attempts THEN 'failed' ELSE 'queued' END, " +
        "fence = t.fence + 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = $1, " +
        "reason = CASE WHEN e.attempt >= e.max_attempts THEN 'lost its worker ' || e.attempt || ' times' " +
        "ELSE 'the lease of ' || COALESCE(e.lease_owner, '') || ' expired' END, " +
        "finished_at = CASE WHEN e.attempt >= e.max_attempts THEN $1 ELSE t.finished_at END " +
        "FROM expired e WHERE t.id = e.id RETURNING t.id, COALESCE(e.lease_owner, '') AS owner, t.state, e.attempt, e.fence, t.reason, t.fleet_id, t.fleet_slice), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        "SELECT upd.id, $1, upd.attempt, v.kind, v.message, v.data_json FROM upd, LATERAL (VALUES " +
        "(1, 'lease_expired', 'the lease of ' || upd.owner || ' expired (attempt ' || upd.attempt || ')', " +
        "json_build_object('previousOwner', upd.owner, 'attempt', upd.attempt, 'fence', upd.fence)::text), " +
        "(2, 'state', 'running → failed: ' || upd.reason, json_build_object('from', 'running', 'to', 'failed', 'reason', upd.reason)::text)" +
        ") v(n, kind, message, data_json) WHERE v.n = 1 OR upd.state = 'failed' ORDER BY upd.id, v.n) " +
        "SELECT id, owner, state, fleet_id, fleet_slice FROM upd ORDER BY id";

    /// <inheritdoc/>
    public Task<LeaseRenewal> RenewAsync(LeaseToken lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        // Repeatable: a second try extends the same lease from a later now.
        return RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, Renew, lease.TaskId, lease.Fence, lease.WorkerId, Now() + duration);
            return await command.ExecuteScalarAsync(token) switch
            {
                null => LeaseRenewal.Lost,
                false => LeaseRenewal.Renewed,
                _ => LeaseRenewal.CancelRequested,
            };
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> ReleaseAsync(LeaseToken lease, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(reason);
        var op = Guid.CreateVersion7();
        var data = EventData.Of(new { worker = lease.WorkerId, reason });
        var released = await RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, Release, lease.TaskId, lease.Fence, lease.WorkerId, reason, Now(), op,
                JournalKinds.Released, $"released by {lease.WorkerId}: {reason}", data);
            return await command.ExecuteScalarAsync(token) is true;
        }, cancellationToken);
        if (released)
        {
            WorkQueued(null);
        }

        return released;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReclaimedTask>> ReclaimExpiredAsync(CancellationToken cancellationToken) =>
        ReclaimExpiredAsync(static _ => [], cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ReclaimedTask>> ReclaimExpiredAsync(
        Func<TaskRecord, IReadOnlyList<OutboxMessage>> notifyFailed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifyFailed);
        var notified = false;
        // Repeatable: a second try reclaims whatever is still lapsed (what the first committed is not listed again).
        var (reclaimed, released) = await RetryingAsync(async (connection, token) =>
        {
            var now = Now();
            await using var transaction = await connection.BeginTransactionAsync(token);
            var list = new List<ReclaimedTask>();
            var ended = new List<(long Task, long Fleet, int? Slice)>();
            await using (var command = Command(connection, ReclaimExpired, now))
            await using (var rows = await command.ExecuteReaderAsync(token))
            {
                while (await rows.ReadAsync(token))
                {
                    var task = new ReclaimedTask(rows.GetInt64(0), rows.GetString(1), TaskStates.Parse(rows.GetString(2)));
                    list.Add(task);
                    if (task.NewState == TaskState.Failed && !rows.IsDBNull(3))
                    {
                        ended.Add((task.TaskId, rows.GetInt64(3), rows.IsDBNull(4) ? null : rows.GetInt32(4)));
                    }
                }
            }

            // A task failed for good is notified in the same transaction as its end, as any other end is.
            foreach (var failed in list.Where(t => t.NewState == TaskState.Failed))
            {
                var record = (await ScheduleRows.AllAsync(Command(connection, TaskRows.SelectById, failed.TaskId), r => TaskRows.Read(r), token))[0];
                var messages = notifyFailed(record);
                if (messages.Count > 0)
                {
                    await using var insert = Command(connection, OutboxRows.Insert);
                    insert.Parameters.AddRange(OutboxRows.InsertParameters(messages, now, failed.TaskId));
                    await insert.ExecuteNonQueryAsync(token);
                    notified = true;
                }
            }

            // A fleet's slice failed this way frees its place in the same transaction, as any other end does.
            var session = new Fleets.FleetSession(connection, now);
            foreach (var (task, fleet, slice) in ended)
            {
                await session.TaskEndedAsync(task, fleet, slice, TaskState.Failed, [], token);
            }

            await transaction.CommitAsync(token);
            return (list, session.Enqueued);
        }, cancellationToken);
        // A failed one frees a slot under the concurrency limits, which workers waiting at a limit must hear of too.
        if (released || reclaimed.Exists(r => r.NewState == TaskState.Queued) || (reclaimed.Count > 0 && _limitsActive))
        {
            WorkQueued(null);
        }

        if (notified)
        {
            OutboxDue();
        }

        return reclaimed;
    }

    /// <inheritdoc/>
    public Task<DateTimeOffset?> NextLeaseExpiryAsync(CancellationToken cancellationToken) =>
        RetryingAsync(async (connection, token) =>
        {
            // The partial index on running leases answers this from its first entry.
            await using var command = Command(connection, "SELECT min(lease_expires_at) FROM tasks WHERE state = 'running'");
            await using var row = await command.ExecuteReaderAsync(token);
            return await row.ReadAsync(token) ? TaskRows.Time(row, 0) : null;
        }, cancellationToken);
}
