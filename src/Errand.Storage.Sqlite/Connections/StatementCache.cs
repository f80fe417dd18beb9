using Microsoft.Data.Sqlite;

namespace Errand.Storage.Sqlite.Connections;

/// <summary>
/// One connection and its prepared statements, by SQL text: the hot paths run a handful of statements tens of
/// thousands of times a second, and preparing each time would cost more than executing.
/// Not thread-safe: it belongs to one thread at a time.
/// </summary>
internal sealed class StatementCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, Statement> _statements = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    public Statement Get(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = new Statement(Connection.Handle!, sql);
            _statements.Add(sql, statement);
        }

        return statement;
    }

    public void Dispose()
    {
        // Statements are finalized before the connection closes, so the close is immediate.
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
        Connection.Dispose();
    }
}
