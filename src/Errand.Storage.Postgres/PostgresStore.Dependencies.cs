using System.Globalization;
using Errand.Dependencies;
using Errand.Storage.Postgres.Rows;
using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Postgres;

/// <summary>Prerequisites and dependants.</summary>
public sealed partial class PostgresStore
{
    // FOR SHARE: a prerequisite finishing at this moment holds its row until it commits, so the batch reads its end state
    // after it; and while the batch holds the share, the prerequisite's success waits, then finds the new dependant (its
    // release statement runs after). Either way a dependant of a prerequisite that succeeds is never left scheduled.
    // Locks are taken in id order, as a success takes them (its own row, then its newer dependants'), so they cannot deadlock.
    private const string LockPrerequisites = "SELECT id, state FROM tasks WHERE id = ANY($1) ORDER BY id FOR SHARE";

    private const string InsertLinks =
        "INSERT INTO task_prerequisites (task_id, prerequisite_id) SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING";

    private const string SetReasons = "UPDATE tasks t SET reason = r.reason FROM unnest($1::bigint[], $2::text[]) AS r(id, reason) WHERE t.id = r.id";

    private const string SelectNamed = "SELECT id FROM tasks WHERE name = $1 ORDER BY id DESC LIMIT 1";

    private const string SelectLinks =
        "SELECT ARRAY(SELECT prerequisite_id FROM task_prerequisites WHERE task_id = $1 ORDER BY prerequisite_id), " +
        "ARRAY(SELECT task_id FROM task_prerequisites WHERE prerequisite_id = $1 ORDER BY task_id)";

    private static readonly string SelectBlocked =
        $"SELECT DISTINCT ON (d.id) {TaskRows.Qualified("d")}, p.id, p.name, p.state " +
        "FROM (SELECT * FROM tasks WHERE state = 'scheduled') d JOIN task_prerequisites tp ON tp.task_id = d.id " +
        "JOIN tasks p ON p.id = tp.prerequisite_id WHERE p.state IN ('failed', 'cancelled', 'partial') ORDER BY d.id, p.id LIMIT $1";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TaskRecord>> EnqueueBatchAsync(IReadOnlyList<NewTask> tasks, CancellationToken cancellationToken)
    {
        BatchGraph.Check(tasks);
        if (tasks.Count == 0)
        {
            return [];
        }

        // Not repeated after a lost answer: nothing tells a committed insert from one that never ran.
        var records = await OnceAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            var records = await InsertBatchAsync(connection, tasks, Now(), token);
            await transaction.CommitAsync(token);
            return records;
        }, cancellationToken);
        if (records.Any(r => r.State == TaskState.Queued))
        {
            WorkQueued(null);
        }

        return records;
    }

    /// <inheritdoc/>
    public Task<long?> FindNamedAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, SelectNamed, name);
            return await command.ExecuteScalarAsync(token) as long?;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<TaskLinks> GetLinksAsync(long taskId, CancellationToken cancellationToken) =>
        RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, SelectLinks, taskId);
            await using var row = await command.ExecuteReaderAsync(token);
            await row.ReadAsync(token);
            return new TaskLinks(row.GetFieldValue<long[]>(0), row.GetFieldValue<long[]>(1));
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<BlockedTask>> ListBlockedAsync(int limit, CancellationToken cancellationToken) =>
        RetryingAsync<IReadOnlyList<BlockedTask>>(async (connection, token) =>
        {
            await using var command = Command(connection, SelectBlocked, Math.Max(0, limit));
            await using var rows = await command.ExecuteReaderAsync(token);
            var blocked = new List<BlockedTask>();
            while (await rows.ReadAsync(token))
            {
                blocked.Add(new BlockedTask(TaskRows.Read(rows), rows.GetInt64(18), rows.IsDBNull(19) ? null : rows.GetString(19),
                    TaskStates.Parse(rows.GetString(20))));
            }

            return blocked;
        }, cancellationToken);

    /// <summary>Inserts the batch inside the caller's transaction: queued when every prerequisite has succeeded, else scheduled.</summary>
    private static async Task<TaskRecord[]> InsertBatchAsync(NpgsqlConnection connection, IReadOnlyList<NewTask> tasks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var storedIds = tasks.SelectMany(t => t.After).Select(p => p.TaskId).OfType<long>().Distinct().ToArray();
        var stored = new Dictionary<long, TaskState>();
        if (storedIds.Length > 0)
        {
            await using var command = Command(connection, LockPrerequisites, storedIds);
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                stored[rows.GetInt64(0)] = TaskStates.Parse(rows.GetString(1));
            }
        }

        if (storedIds.FirstOrDefault(id => !stored.ContainsKey(id)) is > 0 and var missing)
        {
            throw new ArgumentException($"prerequisite #{missing.ToString(CultureInfo.InvariantCulture)} does not exist", nameof(tasks));
        }

        var records = new TaskRecord[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            // An in-batch prerequisite is new, so never succeeded; a stored one may have already.
            var waits = tasks[i].After.Any(p => p.BatchIndex is not null || stored[p.TaskId!.Value] != TaskState.Succeeded);
            (records[i], _) = await NewTasks.InsertAsync(connection, tasks[i], now, cancellationToken, waits ? TaskState.Scheduled : TaskState.Queued);
        }

        var (from, to, waiting, reasons) = (new List<long>(), new List<long>(), new List<long>(), new List<string>());
        for (var i = 0; i < tasks.Count; i++)
        {
            var after = tasks[i].After.Select(p => p.TaskId ?? records[p.BatchIndex!.Value].Id).ToList();
            from.AddRange(after.Select(_ => records[i].Id));
            to.AddRange(after);
            if (records[i].State == TaskState.Scheduled)
            {
                // Written once every id of the batch is known: a task may wait for one inserted after it.
                var reason = DependencyReasons.Waiting(after.Where(id => !stored.TryGetValue(id, out var state) || state != TaskState.Succeeded));
                waiting.Add(records[i].Id);
                reasons.Add(reason);
                records[i] = records[i] with { Reason = reason };
            }
        }

        if (from.Count > 0)
        {
            await using var links = Command(connection, InsertLinks, from.ToArray(), to.ToArray());
            await links.ExecuteNonQueryAsync(cancellationToken);
            await using var update = Command(connection, SetReasons, waiting.ToArray(), reasons.ToArray());
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return records;
    }
}
