using Errand.Dependencies;
using Errand.Storage.Postgres.Connections;
using Errand.Storage.Postgres.Rows;
using Errand.Tasks;
using TransitionRow = Errand.Storage.Postgres.Rows.MergedTransitions.Row;
using Npgsql;

namespace Errand.Storage.Postgres;

/// <summary>Conditional state changes.</summary>
public sealed partial class PostgresStore
{
    // One statement: lock the row, check the condition, change it, journal the events and the store's own state
    // event (the one for the state the task was in: $4..$6 list a message per allowed starting state), and write
    // the outbox rows. FENCING: with a lease ($2, $3) nothing is written unless fence, owner and running state
    // still match under the row lock (and $23, a non-owner's expected fence, likewise); leaving running raises the
    // fence and ends the lease, so the owner that ran the task (or any stale one) can write nothing more. $15 is
    // this call's id: a retry after a lost answer finds it on the row and reports the change it already made
    // instead of making it twice.
    private const string Transition =
        $"WITH cur AS (SELECT {TaskRows.Columns}, last_op, fleet_id, fleet_slice FROM tasks WHERE id = $1 FOR NO KEY UPDATE), " +
        "ok AS (SELECT cur.id, cur.attempt, f.message, f.data_json FROM cur " +
        "JOIN unnest($4::text[], $5::text[], $6::text[]) AS f(state, message, data_json) ON f.state = cur.state " +
        "WHERE cur.last_op IS DISTINCT FROM $15 AND ($2::bigint IS NULL OR (cur.state = 'running' AND cur.fence = $2 AND cur.lease_owner = $3)) " +
        "AND ($23::bigint IS NULL OR cur.fence = $23)), " +
        "upd AS (UPDATE tasks t SET state = $7, reason = $8, " +
        "result_json = CASE WHEN $10 THEN NULL ELSE COALESCE($9, t.result_json) END, spec_json = COALESCE($11, t.spec_json), " +
        "wake_at = $12, updated_at = $13, finished_at = CASE WHEN $14 THEN $13 END, " +
        "cancel_requested = CASE WHEN $7 = 'queued' THEN false ELSE t.cancel_requested END, " +
        "fence = CASE WHEN t.state = 'running' THEN t.fence + 1 ELSE t.fence END, " +
        "lease_owner = CASE WHEN t.state = 'running' THEN NULL ELSE t.lease_owner END, " +
        "lease_expires_at = CASE WHEN t.state = 'running' THEN NULL ELSE t.lease_expires_at END, last_op = $15 " +
        $"FROM ok WHERE t.id = ok.id RETURNING {TaskRows.TColumns}, t.fleet_id, t.fleet_slice), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        "SELECT ok.id, $13, ok.attempt, x.kind, x.message, x.data_json FROM ok, LATERAL (" +
        "SELECT e.kind, e.message, e.data_json, e.n FROM unnest($16::text[], $17::text[], $18::text[]) WITH ORDINALITY AS e(kind, message, data_json, n) " +
        "UNION ALL SELECT 'state', ok.message, ok.data_json, 9223372036854775807) x ORDER BY x.n), " +
        "o AS (INSERT INTO outbox (key, task_id, channel, event, payload_json, next_attempt_at, created_at) " +
        "SELECT m.key, ok.id, m.channel, m.event, m.payload, $13, $13 FROM ok, " +
        "unnest($19::text[], $20::text[], $21::text[], $22::text[]) WITH ORDINALITY AS m(key, channel, event, payload, n) " +
        "ORDER BY m.n ON CONFLICT (key) DO NOTHING) " +
        $"SELECT true, {TaskRows.Columns}, fleet_id, fleet_slice FROM upd UNION ALL " +
        $"SELECT cur.last_op IS NOT DISTINCT FROM $15, {TaskRows.Columns}, fleet_id, fleet_slice FROM cur WHERE NOT EXISTS (SELECT 1 FROM upd)";

    // After a success, in its transaction: lock the task's scheduled dependants, in id order, then queue those whose every
    // prerequisite has now succeeded. The lock is what makes this exactly once without lag: two prerequisites of one
    // dependant succeeding at the same moment both lock it, so the second waits for the first to commit, and its release
    // statement, run after the wait with a fresh snapshot (read committed), sees the first's success. Without it, each
    // could see the other still running and neither would queue the dependant. Both statements apply only if this call's
    // own change is on the row ($2), so a success that did not apply releases nothing.
    private const string LockDependants =
        "SELECT d.id FROM tasks d WHERE d.id IN (SELECT task_id FROM task_prerequisites WHERE prerequisite_id = $1) AND d.state = 'scheduled' " +
        "AND EXISTS (SELECT 1 FROM tasks p WHERE p.id = $1 AND p.state = 'succeeded' AND p.last_op = $2) ORDER BY d.id FOR NO KEY UPDATE OF d";

    // The two statements above as one call, with a cheap exit when nobody waits for the task (migration 11; keep alike).
    private const string ReleaseDependantsCall = "SELECT errand_release_dependants($1, $2, $3, $4)";

    private const string ReleaseDependants =
        "WITH r AS (UPDATE tasks d SET state = 'queued', reason = $3, wake_at = NULL, updated_at = $4 " +
        "WHERE d.id IN (SELECT task_id FROM task_prerequisites WHERE prerequisite_id = $1) AND d.state = 'scheduled' " +
        "AND EXISTS (SELECT 1 FROM tasks p WHERE p.id = $1 AND p.state = 'succeeded' AND p.last_op = $2) " +
        "AND NOT EXISTS (SELECT 1 FROM task_prerequisites q JOIN tasks p ON p.id = q.prerequisite_id WHERE q.task_id = d.id AND p.state <> 'succeeded') " +
        "RETURNING d.id, d.attempt), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        "SELECT id, $4, attempt, 'state', 'scheduled → queued: ' || $3, " +
        "json_build_object('from', 'scheduled', 'to', 'queued', 'reason', $3, 'prerequisite', $1)::text FROM r ORDER BY id) " +
        "SELECT count(*)::integer FROM r";

    /// <inheritdoc/>
    public async Task<TransitionOutcome> TransitionAsync(TaskTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(transition.From);
        ArgumentNullException.ThrowIfNull(transition.Events);
        ArgumentNullException.ThrowIfNull(transition.Notifications);
        if (transition.From.Count == 0)
        {
            throw new ArgumentException("A transition needs at least one state to move from.", nameof(transition));
        }

        // An illegal move is a programming error, refused before anything reaches the database.
        foreach (var from in transition.From)
        {
            TaskStateMachine.EnsureCanMove(from, transition.To);
        }

        if (transition.To == TaskState.Running)
        {
            // A running task without a lease would never be reaped: tasks start running only through a claim.
            throw new ArgumentException("Tasks move to running only through ClaimAsync.", nameof(transition));
        }

        if (transition.Lease is { } lease && lease.TaskId != transition.TaskId)
        {
            throw new ArgumentException("The lease belongs to another task.", nameof(transition));
        }

        var to = transition.To.ToWireName();
        var froms = transition.From.Distinct().Select(s => s.ToWireName()).ToArray();
        var messages = froms.Select(from => transition.Reason is null ? $"{from} → {to}" : $"{from} → {to}: {transition.Reason}").ToArray();
        var data = froms.Select(from => EventData.Of(new { from, to, reason = transition.Reason })).ToArray();
        var notes = transition.Notifications;
        var op = Guid.CreateVersion7();

        // Repeatable: conditional, and a retry recognises its own earlier commit by the call's id (the fleet's moves
        // after it are idempotent: a slice ends once, a fan-in finishes its fleet once).
        var terminal = transition.To.IsTerminal();
        // A success's dependants are released by one call sent with the transition's own statement, in the same round
        // trip (lean), or, as before, by two statements after it and its fleet's bookkeeping. Either way they run after
        // the transition statement has waited for the task's row, each with a fresh snapshot (see LockDependants).
        var dependantsInBatch = _options.LeanLifecycle && transition.To == TaskState.Succeeded;
        var now = Now();
        // In a transaction (shared with other writes of this process): a fleet's slice that ends frees its place (and
        // the last one starts the fan-in) in the same transaction as the end itself.
        var write = new PipelinedWrite<TransitionRow>
        {
            // Merged with the group's other transitions into one statement (see MergedTransitions), when set.
            Merger = _options.MergeTransitions ? MergedTransitions.Instance : null,
            Item = new MergedTransitions.Item(
                transition.TaskId, transition.Lease?.Fence, transition.Lease?.WorkerId, transition.ExpectedFence, froms, messages, data, to,
                transition.Reason, transition.ResultJson, transition.ClearResult, transition.SpecJson, transition.WakeAt, terminal, op,
                transition.Events, notes, dependantsInBatch, () => now = Now(), DependencyReasons.Released),
            Commands = () =>
            {
                now = Now();
                var command = BatchCommand(Transition,
                    transition.TaskId,
                    Parameters.BigInt(transition.Lease?.Fence),
                    Parameters.Text(transition.Lease?.WorkerId),
                    Parameters.TextArray(froms),
                    Parameters.TextArray(messages),
                    Parameters.TextArray(data),
                    to,
                    Parameters.Text(transition.Reason),
                    Parameters.Text(transition.ResultJson),
                    transition.ClearResult,
                    Parameters.Text(transition.SpecJson),
                    Parameters.Time(transition.WakeAt),
                    now,
                    terminal,
                    op);
                JournalRows.Bind(command.Parameters, transition.Events);
                command.Parameters.Add(Parameters.TextArray([.. notes.Select(n => n.Key)]));
                command.Parameters.Add(Parameters.TextArray([.. notes.Select(n => n.Channel)]));
                command.Parameters.Add(Parameters.TextArray([.. notes.Select(n => n.Event)]));
                command.Parameters.Add(Parameters.TextArray([.. notes.Select(n => n.PayloadJson)]));
                command.Parameters.Add(Parameters.BigInt(transition.ExpectedFence));
                return dependantsInBatch ? [command, BatchCommand(ReleaseDependantsCall, transition.TaskId, op, DependencyReasons.Released, now)] : [command];
            },
            ReadAsync = async (row, token) =>
            {
                var found = await row.ReadAsync(token);
                var task = found ? TaskRows.Read(row, 1) : null;
                var done = found && row.GetBoolean(0);
                (long Id, int? Slice)? fleet = task is not null && !row.IsDBNull(19) ? (row.GetInt64(19), row.IsDBNull(20) ? null : row.GetInt32(20)) : null;
                var released = dependantsInBatch && await row.NextResultAsync(token) && await row.ReadAsync(token) && row.GetInt32(0) > 0;
                return new TransitionRow(done, task, fleet, released);
            },
            FollowUpAsync = async (connection, row, token) =>
            {
                var session = new Fleets.FleetSession(connection, now);
                if (row.Done && terminal && row.Fleet is { } member)
                {
                    await session.TaskEndedAsync(transition.TaskId, member.Id, member.Slice, transition.To, transition.FleetSlices, token);
                }

                var dependants = !dependantsInBatch && row.Done && transition.To == TaskState.Succeeded && await ReleaseDependantsAsync(connection, transition.TaskId, op, now, token);
                return row with { Released = row.Released || session.Enqueued || dependants };
            },
        };
        var (applied, current, _, released) = await GroupedAsync(write, repeatable: true, lockKey: transition.TaskId, cancellationToken);
        _journal.Raise();

        if (current is null)
        {
            return new TransitionOutcome(TransitionStatus.NotFound, null);
        }

        if (applied)
        {
            // A task leaving running frees a slot under the concurrency limits: workers waiting at a limit claim again.
            if (transition.To == TaskState.Queued || released || (_limitsActive && transition.From.Contains(TaskState.Running)))
            {
                WorkQueued(null);
            }

            if (notes.Count > 0)
            {
                OutboxDue();
            }

            return new TransitionOutcome(TransitionStatus.Applied, current);
        }

        var held = transition.Lease is not { } l || (current.State == TaskState.Running && current.Fence == l.Fence && current.LeaseOwner == l.WorkerId);
        return new TransitionOutcome(held ? TransitionStatus.StateConflict : TransitionStatus.FenceLost, current);
    }

    /// <summary>Queues the dependants the success of <paramref name="taskId"/> (by call <paramref name="op"/>) leaves waiting for nothing; true when any.</summary>
    private static async Task<bool> ReleaseDependantsAsync(NpgsqlConnection connection, long taskId, Guid op, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Two statements, so the second's snapshot is taken after the first's lock waits (see LockDependants).
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                BatchCommand(LockDependants, taskId, op),
                BatchCommand(ReleaseDependants, taskId, op, DependencyReasons.Released, now),
            },
        };
        await using var rows = await batch.ExecuteReaderAsync(cancellationToken);
        await rows.NextResultAsync(cancellationToken);
        return await rows.ReadAsync(cancellationToken) && rows.GetInt32(0) > 0;
    }

}
