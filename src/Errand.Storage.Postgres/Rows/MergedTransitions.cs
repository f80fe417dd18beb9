using Errand.Journal;
using Errand.Storage.Postgres.Connections;
using Npgsql;
using NpgsqlTypes;

namespace Errand.Storage.Postgres.Rows;

/// <summary>
/// The transitions of a commit group as one statement (issue 7: one transition statement per task was half the server's
/// time per task): every task row locked in id order and checked on its own, the ones that pass updated by one
/// <c>UPDATE … FROM</c>, and all their journal and outbox rows in one insert each. A write's
/// <see cref="PipelinedWrite{T}.Item"/> is its <see cref="Item"/>; each result is what the one-task statement
/// (<c>PostgresStore.Transition</c>, keep them alike) would have returned for it.
/// </summary>
internal sealed class MergedTransitions : IWriteMerger<MergedTransitions.Row>
{
    // x: one row per write (i, its position). FENCING, per task: a write applies only if its task's row, locked here,
    // is in one of its starting states (f), does not already carry this write's id (a retry after a lost answer), and
    // still matches the write's lease (fence, owner, running) and expected fence; a stale write is left out of ok and
    // changes nothing, the others go on. The state event comes last among a task's journal rows (n = max).
    private static readonly string Transition =
        "WITH x AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], " +
        "$8::boolean[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::boolean[], $13::uuid[]) WITH ORDINALITY AS " +
        "x(id, lease_fence, lease_owner, expected_fence, to_state, reason, result_json, clear_result, spec_json, wake_at, at, terminal, op, i)), " +
        $"cur AS (SELECT {TaskRows.Columns}, last_op, fleet_id, fleet_slice FROM tasks WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE), " +
        "ok AS (SELECT x.*, cur.attempt, f.message, f.data_json FROM x JOIN cur ON cur.id = x.id " +
        "JOIN unnest($14::bigint[], $15::text[], $16::text[], $17::text[]) AS f(i, state, message, data_json) ON f.i = x.i AND f.state = cur.state " +
        "WHERE cur.last_op IS DISTINCT FROM x.op AND (x.lease_fence IS NULL OR (cur.state = 'running' AND cur.fence = x.lease_fence AND cur.lease_owner = x.lease_owner)) " +
        "AND (x.expected_fence IS NULL OR cur.fence = x.expected_fence)), " +
        "upd AS (UPDATE tasks t SET state = ok.to_state, reason = ok.reason, " +
        "result_json = CASE WHEN ok.clear_result THEN NULL ELSE COALESCE(ok.result_json, t.result_json) END, spec_json = COALESCE(ok.spec_json, t.spec_json), " +
        "wake_at = ok.wake_at, updated_at = ok.at, finished_at = CASE WHEN ok.terminal THEN ok.at END, " +
        "cancel_requested = CASE WHEN ok.to_state = 'queued' THEN false ELSE t.cancel_requested END, " +
        "fence = CASE WHEN t.state = 'running' THEN t.fence + 1 ELSE t.fence END, " +
        "lease_owner = CASE WHEN t.state = 'running' THEN NULL ELSE t.lease_owner END, " +
        "lease_expires_at = CASE WHEN t.state = 'running' THEN NULL ELSE t.lease_expires_at END, last_op = ok.op " +
        $"FROM ok WHERE t.id = ok.id RETURNING ok.i, {TaskRows.TColumns}, t.fleet_id, t.fleet_slice), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        "SELECT ok.id, ok.at, ok.attempt, e.kind, e.message, e.data_json FROM ok JOIN (" +
        "SELECT e.i, e.kind, e.message, e.data_json, e.n FROM unnest($18::bigint[], $19::text[], $20::text[], $21::text[]) WITH ORDINALITY AS e(i, kind, message, data_json, n) " +
        "UNION ALL SELECT ok.i, 'state', ok.message, ok.data_json, 9223372036854775807 FROM ok) e ON e.i = ok.i ORDER BY ok.id, e.n), " +
        "o AS (INSERT INTO outbox (key, task_id, channel, event, payload_json, next_attempt_at, created_at) " +
        "SELECT m.key, ok.id, m.channel, m.event, m.payload, ok.at, ok.at FROM ok " +
        "JOIN unnest($22::bigint[], $23::text[], $24::text[], $25::text[], $26::text[]) WITH ORDINALITY AS m(i, key, channel, event, payload, n) ON m.i = ok.i " +
        "ORDER BY ok.id, m.n ON CONFLICT (key) DO NOTHING) " +
        $"SELECT i, true, {TaskRows.Columns}, fleet_id, fleet_slice FROM upd UNION ALL " +
        $"SELECT x.i, cur.last_op IS NOT DISTINCT FROM x.op, {TaskRows.Qualified("cur")}, cur.fleet_id, cur.fleet_slice FROM x JOIN cur ON cur.id = x.id " +
        "WHERE NOT EXISTS (SELECT 1 FROM upd WHERE upd.id = x.id) ORDER BY 1";

    // The successes' dependants, after every row of the group is changed (migration 14; one index probe when nobody waits).
    private const string ReleaseDependants = "SELECT errand_release_dependants_of($1::bigint[], $2::uuid[], $3, $4::timestamptz[])";

    public static MergedTransitions Instance { get; } = new();

    /// <summary>
    /// One transition, as the one-task statement binds it. <see cref="Stamp"/> takes the store's time when the statement
    /// is made (and keeps it for the write's follow-up); <see cref="Dependants"/>: a success whose dependants this
    /// statement releases.
    /// </summary>
    public sealed record Item(
        long TaskId, long? LeaseFence, string? LeaseOwner, long? ExpectedFence, string[] Froms, string[] Messages, string[] Data,
        string To, string? Reason, string? ResultJson, bool ClearResult, string? SpecJson, DateTimeOffset? WakeAt, bool Terminal, Guid Op,
        IReadOnlyList<JournalEntry> Events, IReadOnlyList<OutboxMessage> Notes, bool Dependants, Func<DateTimeOffset> Stamp, string DependantsReason);

    /// <summary>What the statement found for one write: whether it applied, the task as it is now (null: no such task), its fleet.</summary>
    public readonly record struct Row(bool Done, Errand.Tasks.TaskRecord? Task, (long Id, int? Slice)? Fleet, bool Released);

    public IEnumerable<NpgsqlBatchCommand> Commands(IReadOnlyList<object> items)
    {
        var writes = items.Cast<Item>().ToList();
        var at = writes.Select(w => w.Stamp()).ToArray();
        var command = new NpgsqlBatchCommand(Transition);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. writes.Select(w => w.TaskId)] });
        p.Add(Nullable(writes.Select(w => w.LeaseFence), NpgsqlDbType.Bigint));
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. writes.Select(w => w.LeaseOwner)] });
        p.Add(Nullable(writes.Select(w => w.ExpectedFence), NpgsqlDbType.Bigint));
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. writes.Select(w => w.To)] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. writes.Select(w => w.Reason)] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. writes.Select(w => w.ResultJson)] });
        p.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. writes.Select(w => w.ClearResult)] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. writes.Select(w => w.SpecJson)] });
        p.Add(Nullable(writes.Select(w => w.WakeAt is { } wake ? StoreTime.Truncate(wake) : (DateTimeOffset?)null), NpgsqlDbType.TimestampTz));
        p.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = at, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. writes.Select(w => w.Terminal)] });
        p.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. writes.Select(w => w.Op)] });
        var froms = writes.SelectMany((w, i) => w.Froms.Select((state, k) => (I: (long)i + 1, State: state, Message: w.Messages[k], Data: w.Data[k]))).ToList();
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. froms.Select(f => f.I)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. froms.Select(f => f.State)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. froms.Select(f => f.Message)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. froms.Select(f => f.Data)] });
        var events = writes.SelectMany((w, i) => w.Events.Select(e => (I: (long)i + 1, Entry: e ?? throw new ArgumentNullException(nameof(items), "A journal entry is null.")))).ToList();
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. events.Select(e => e.I)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Entry.Kind)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Entry.Message)] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. events.Select(e => e.Entry.DataJson)] });
        var notes = writes.SelectMany((w, i) => w.Notes.Select(n => (I: (long)i + 1, Note: n))).ToList();
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. notes.Select(n => n.I)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. notes.Select(n => n.Note.Key)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. notes.Select(n => n.Note.Channel)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. notes.Select(n => n.Note.Event)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. notes.Select(n => n.Note.PayloadJson)] });
        yield return command;

        var successes = writes.Select((w, i) => (Write: w, At: at[i])).Where(s => s.Write.Dependants).ToList();
        if (successes.Count > 0)
        {
            var release = new NpgsqlBatchCommand(ReleaseDependants);
            release.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. successes.Select(s => s.Write.TaskId)] });
            release.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. successes.Select(s => s.Write.Op)] });
            release.Parameters.Add(new NpgsqlParameter<string> { TypedValue = successes[0].Write.DependantsReason });
            release.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. successes.Select(s => s.At)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            yield return release;
        }
    }

    public async Task<Row[]> ReadAsync(NpgsqlDataReader reader, IReadOnlyList<object> items, CancellationToken cancellationToken)
    {
        // A task that does not exist has no row: its result stays (false, null).
        var rows = new Row[items.Count];
        while (await reader.ReadAsync(cancellationToken))
        {
            var task = TaskRows.Read(reader, 2);
            (long Id, int? Slice)? fleet = reader.IsDBNull(20) ? null : (reader.GetInt64(20), reader.IsDBNull(21) ? null : reader.GetInt32(21));
            rows[reader.GetInt64(0) - 1] = new Row(reader.GetBoolean(1), task, fleet, Released: false);
        }

        if (items.Cast<Item>().Any(w => w.Dependants) && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken) && reader.GetInt32(0) > 0)
        {
            // Released for the group as a whole: each success hears it (it only wakes workers to claim).
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = rows[i] with { Released = rows[i].Done && ((Item)items[i]).Dependants };
            }
        }

        return rows;
    }

    private static NpgsqlParameter Nullable<T>(IEnumerable<T?> values, NpgsqlDbType type)
        where T : struct =>
        new() { Value = values.Select(v => v is { } x ? (object)x : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };
}
