using Errand.Limits;
using Errand.Storage.Postgres.Connections;
using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Postgres.Rows;

/// <summary>
/// The enqueues of a commit group as one statement: every task row and every journal row of theirs in one multi-row
/// insert each (issue 7: one statement per enqueue was the server's second cost per task). A write's
/// <see cref="PipelinedWrite{T}.Item"/> is its <see cref="Item"/>.
/// </summary>
internal sealed class MergedNewTasks : IWriteMerger<(TaskRecord Task, ulong Xid)>
{
    // The ids are drawn first, so each journal row finds its task by the write's position (i), whatever order the
    // insert returns rows in; seq follows e.k, each task's events in the order given. The CTE is read twice, so it is
    // computed once (and nextval is volatile besides).
    private const string Insert =
        "WITH n AS (SELECT nextval((SELECT pg_get_serial_sequence('tasks', 'id'))) AS id, x.* FROM " +
        "unnest($1::text[], $2::text[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[]) WITH ORDINALITY AS x(title, spec_json, max_attempts, at, name, repo, i)), " +
        "t AS (INSERT INTO tasks (id, title, state, spec_json, max_attempts, created_at, updated_at, name, repo) OVERRIDING SYSTEM VALUE " +
        "SELECT id, title, 'queued', spec_json, max_attempts, at, at, name, repo FROM n ORDER BY i), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        "SELECT n.id, n.at, 0, e.kind, e.message, e.data_json FROM unnest($7::bigint[], $8::text[], $9::text[], $10::text[]) " +
        "WITH ORDINALITY AS e(i, kind, message, data_json, k) JOIN n ON n.i = e.i ORDER BY e.k) " +
        "SELECT id, pg_current_xact_id()::text FROM n ORDER BY i";

    public static MergedNewTasks Instance { get; } = new();

    /// <summary>One enqueue: the task, and the store's time when it was asked for.</summary>
    public sealed record Item(NewTask Task, DateTimeOffset Now);

    public IEnumerable<NpgsqlBatchCommand> Commands(IReadOnlyList<object> items)
    {
        var tasks = items.Cast<Item>().ToList();
        var command = new NpgsqlBatchCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. tasks.Select(t => t.Task.Title)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. tasks.Select(t => t.Task.SpecJson)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. tasks.Select(t => t.Task.MaxAttempts)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. tasks.Select(t => t.Now)], NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. tasks.Select(t => t.Task.Name)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. tasks.Select(t => RepoKey.FromSpecJson(t.Task.SpecJson))] });
        var events = tasks.SelectMany((t, i) => NewTasks.Events(t.Task).Select(e => (Index: (long)i + 1, Entry: e))).ToList();
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. events.Select(e => e.Index)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Entry.Kind)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Entry.Message)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. events.Select(e => e.Entry.DataJson)] });
        return [command];
    }

    public async Task<(TaskRecord Task, ulong Xid)[]> ReadAsync(NpgsqlDataReader reader, IReadOnlyList<object> items, CancellationToken cancellationToken)
    {
        var results = new (TaskRecord, ulong)[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = (Item)items[i];
            results[i] = await NewTasks.ReadAsync(reader, item.Task, item.Now, TaskState.Queued, cancellationToken);
        }

        return results;
    }
}
