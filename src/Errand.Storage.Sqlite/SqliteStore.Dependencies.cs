using Errand.Dependencies;
using Errand.Storage.Sqlite.Operations;
using Errand.Storage.Sqlite.Rows;
using Errand.Tasks;

namespace Errand.Storage.Sqlite;

/// <summary>Prerequisites and dependants.</summary>
public sealed partial class SqliteStore
{
    private const string SelectNamed = "SELECT id FROM tasks WHERE name = $name ORDER BY id DESC LIMIT 1";

    private const string SelectPrerequisites = "SELECT prerequisite_id FROM task_prerequisites WHERE task_id = $id ORDER BY prerequisite_id";

    private const string SelectDependants = "SELECT task_id FROM task_prerequisites WHERE prerequisite_id = $id ORDER BY task_id";

    // Scheduled tasks are few (they wait), so this reads them from the state index and checks their prerequisites.
    private static readonly string SelectBlocked =
        $"SELECT {TaskRows.Qualified("d")}, p.id, p.name, p.state FROM (SELECT * FROM tasks WHERE state = 'scheduled') d " +
        "JOIN task_prerequisites tp ON tp.task_id = d.id JOIN tasks p ON p.id = tp.prerequisite_id " +
        "WHERE p.state IN ('failed', 'cancelled', 'partial') GROUP BY d.id ORDER BY d.id LIMIT $limit + 0";

    /// <inheritdoc/>
    public Task<IReadOnlyList<TaskRecord>> EnqueueBatchAsync(IReadOnlyList<NewTask> tasks, CancellationToken cancellationToken)
    {
        // Checked before the writer takes it (the operation checks again inside).
        BatchGraph.Check(tasks);
        return tasks.Count == 0 ? Task.FromResult<IReadOnlyList<TaskRecord>>([]) : _writer.SubmitAsync(new EnqueueOp(tasks, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<long?> FindNamedAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ReadAsync(reader => reader.Get(SelectNamed).Set("$name", name).ScalarInt64(), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<TaskLinks> GetLinksAsync(long taskId, CancellationToken cancellationToken) =>
        ReadAsync(reader => new TaskLinks(Ids(reader.Get(SelectPrerequisites).Set("$id", taskId)), Ids(reader.Get(SelectDependants).Set("$id", taskId))),
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<BlockedTask>> ListBlockedAsync(int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<BlockedTask>>(reader =>
        {
            var blocked = new List<BlockedTask>();
            using var rows = reader.Get(SelectBlocked).Set("$limit", Math.Max(0, limit)).ExecuteReader();
            while (rows.Read())
            {
                blocked.Add(new BlockedTask(TaskRows.Read(rows), rows.GetInt64(18), rows.IsDBNull(19) ? null : rows.GetString(19),
                    TaskStates.Parse(rows.GetString(20))));
            }

            return blocked;
        }, cancellationToken);

    private static List<long> Ids(Connections.Statement statement)
    {
        var ids = new List<long>();
        using var rows = statement.ExecuteReader();
        while (rows.Read())
        {
            ids.Add(rows.GetInt64(0));
        }

        return ids;
    }
}
