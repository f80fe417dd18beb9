using Errand.Journal;
using Errand.Limits;
using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Postgres.Rows;

/// <summary>Inserting a task with its <c>submitted</c> event and its own events, in one statement.</summary>
internal static class NewTasks
{
    // The insert fires the work trigger: the NOTIFY goes out with this transaction's commit.
    public const string Insert =
        "WITH t AS (INSERT INTO tasks (title, state, spec_json, max_attempts, created_at, updated_at, name, repo) " +
        "VALUES ($1, $8, $2, $3, $4, $4, $9, $10) RETURNING id), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        $"SELECT t.id, $4, 0, e.kind, e.message, e.data_json FROM t, {JournalRows.Unnest5} ORDER BY e.n) " +
        "SELECT id, pg_current_xact_id()::text FROM t";

    /// <summary>The insert for <paramref name="task"/> at <paramref name="now"/> on <paramref name="connection"/>.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, NewTask task, DateTimeOffset now, TaskState state = TaskState.Queued)
    {
        var command = new NpgsqlCommand(Insert, connection);
        Bind(command.Parameters, task, now, state);
        return command;
    }

    /// <summary>The insert for <paramref name="task"/> at <paramref name="now"/>, to send in a batch (read it with <see cref="ReadAsync"/>).</summary>
    public static NpgsqlBatchCommand BatchCommand(NewTask task, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand(Insert);
        Bind(command.Parameters, task, now, TaskState.Queued);
        return command;
    }

    /// <summary>Runs the insert; returns the task as stored and the id of the transaction that inserted it.</summary>
    public static async Task<(TaskRecord Task, ulong Xid)> InsertAsync(
        NpgsqlConnection connection, NewTask task, DateTimeOffset now, CancellationToken cancellationToken, TaskState state = TaskState.Queued)
    {
        await using var command = Command(connection, task, now, state);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAsync(row, task, now, state, cancellationToken);
    }

    /// <summary>The inserted task, from the insert's result (the reader on it).</summary>
    public static async Task<(TaskRecord Task, ulong Xid)> ReadAsync(
        NpgsqlDataReader row, NewTask task, DateTimeOffset now, TaskState state, CancellationToken cancellationToken)
    {
        await row.ReadAsync(cancellationToken);
        var record = new TaskRecord
        {
            Id = row.GetInt64(0),
            Title = task.Title,
            Name = task.Name,
            State = state,
            SpecJson = task.SpecJson,
            MaxAttempts = task.MaxAttempts,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return (record, ulong.Parse(row.GetString(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>What a new task's journal starts with: its <c>submitted</c> event, then the events it came with.</summary>
    public static JournalEntry[] Events(NewTask task) =>
    [
        new(JournalKinds.Submitted, $"submitted: {task.Title}", EventData.Of(new { title = task.Title, maxAttempts = task.MaxAttempts, name = task.Name })),
        .. task.Events,
    ];

    private static void Bind(NpgsqlParameterCollection parameters, NewTask task, DateTimeOffset now, TaskState state)
    {
        foreach (var value in new object[] { task.Title, task.SpecJson, task.MaxAttempts, now })
        {
            parameters.Add(Parameters.Of(value));
        }

        JournalRows.Bind(parameters, Events(task));
        parameters.Add(Parameters.Of(state.ToWireName()));
        parameters.Add(Parameters.Text(task.Name));
        parameters.Add(Parameters.Text(RepoKey.FromSpecJson(task.SpecJson)));
    }
}
