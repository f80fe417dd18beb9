using Errand.Tasks;

namespace Errand.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string CountByState = "SELECT state, count(*) FROM tasks GROUP BY state";

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<TaskState, long>> CountByStateAsync(CancellationToken cancellationToken) =>
        RetryingAsync<IReadOnlyDictionary<TaskState, long>>(async (connection, token) =>
        {
            await using var command = Command(connection, CountByState);
            await using var rows = await command.ExecuteReaderAsync(token);
            var counts = new Dictionary<TaskState, long>();
            while (await rows.ReadAsync(token))
            {
                counts[TaskStates.Parse(rows.GetString(0))] = rows.GetInt64(1);
            }

            return counts;
        }, cancellationToken);
}
