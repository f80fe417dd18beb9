using Errand.Limits;
using Errand.Storage.Sqlite.Operations;

namespace Errand.Storage.Sqlite;

/// <summary>Concurrency limits.</summary>
public sealed partial class SqliteStore
{
    // Running tasks are few, and counted per repository from the partial index on running tasks.
    private const string SelectLimits =
        "SELECT l.scope, l.max_running, CASE WHEN l.scope = 'global' THEN (SELECT COUNT(*) FROM tasks WHERE state = 'running') " +
        "ELSE (SELECT COUNT(*) FROM tasks WHERE state = 'running' AND repo = substr(l.scope, 6)) END FROM concurrency_limits l ORDER BY l.scope";

    /// <inheritdoc/>
    public Task SetLimitAsync(string scope, int? maxRunning, CancellationToken cancellationToken)
    {
        LimitScopes.Check(scope, maxRunning);
        return _writer.SubmitAsync(new SetLimitOp(scope, maxRunning, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ConcurrencyLimit>> ListLimitsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ConcurrencyLimit>>(reader =>
        {
            var limits = new List<ConcurrencyLimit>();
            using var rows = reader.Get(SelectLimits).ExecuteReader();
            while (rows.Read())
            {
                limits.Add(new ConcurrencyLimit(rows.GetString(0), rows.GetInt32(1), rows.GetInt32(2)));
            }

            return limits;
        }, cancellationToken);
}
