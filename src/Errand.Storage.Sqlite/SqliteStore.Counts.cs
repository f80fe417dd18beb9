using Errand.Tasks;

namespace Errand.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // Read from the (state, …) index alone: a gauge asks every few seconds, however long the history.
    private const string CountByState = "SELECT state, COUNT(*) FROM tasks GROUP BY state";

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<TaskState, long>> CountByStateAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<TaskState, long>>(reader =>
        {
            var counts = new Dictionary<TaskState, long>();
            using var rows = reader.Get(CountByState).ExecuteReader();
            while (rows.Read())
            {
                counts[TaskStates.Parse(rows.GetString(0))] = rows.GetInt64(1);
            }

            return counts;
        }, cancellationToken);
}
