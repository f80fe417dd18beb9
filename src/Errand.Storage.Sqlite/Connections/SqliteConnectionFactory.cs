using Microsoft.Data.Sqlite;

namespace Errand.Storage.Sqlite.Connections;

/// <summary>Opens connections to the store's file with the settings every connection must have.</summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;

    public SqliteConnectionFactory(string path, TimeSpan busyTimeout)
    {
        _busyTimeoutMs = (int)Math.Min(int.MaxValue, busyTimeout.TotalMilliseconds);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // The store pools its own connections (one writer, a few readers) and caches prepared statements on
            // them; Microsoft.Data.Sqlite's pool would keep files open after disposal.
            Pooling = false,
            // Microsoft.Data.Sqlite retries a busy statement until this many seconds pass, on top of busy_timeout.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
    }

    public string Path => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    public SqliteConnection OpenWriter() => Open(readOnly: false);

    public SqliteConnection OpenReader() => Open(readOnly: true);

    private SqliteConnection Open(bool readOnly)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            // synchronous=FULL: in WAL mode the log is fsynced at every COMMIT, so a commit that returned survives
            // power loss. This is the durability every "done" the store reports rests on.
            // foreign_keys: journal, checkpoint and outbox rows can only point at existing tasks.
            // temp_store=MEMORY keeps the per-operation savepoint journals of a group commit off the disk.
            var pragmas = $"""
                PRAGMA busy_timeout = {_busyTimeoutMs};
                PRAGMA synchronous = FULL;
                PRAGMA foreign_keys = ON;
                PRAGMA temp_store = MEMORY;
                PRAGMA query_only = {(readOnly ? 1 : 0)};
                """;
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
