using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using SQLite;

namespace Errand.Bench.Peers;

/// <summary>
/// Hangfire's storages as the bench configures them, the same in the client process and the server process:
/// Hangfire.Storage.SQLite on a file (WAL, synchronous=FULL, as Errand's) or Hangfire.PostgreSql in its own schema
/// of the same durable server as Errand's. A null poll keeps the storage's defaults (15 s, and on PostgreSQL no long
/// polling); otherwise that poll, and on PostgreSQL LISTEN/NOTIFY long polling too: its fastest pick-up.
/// </summary>
internal static class HangfireStorages
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static JobStorage Create(string engine, string location, string? schema, TimeSpan? poll) => engine switch
    {
        Sqlite => SqliteStorage(location, poll),
        Postgres => PostgresStorage(location, schema ?? throw new ArgumentException("a schema is needed on PostgreSQL", nameof(schema)), poll),
        _ => throw new ArgumentException($"engine '{engine}' is not {Sqlite} or {Postgres}", nameof(engine)),
    };

    private static SQLiteStorage SqliteStorage(string path, TimeSpan? poll)
    {
        var options = new SQLiteStorageOptions();
        if (poll is { } interval)
        {
            options.QueuePollInterval = interval;
        }

        // The same durability as Errand's SQLite store: WAL, every commit fsynced.
        var connections = new SQLiteDbConnectionFactory(() =>
        {
            var connection = new SQLiteConnection(path, SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.NoMutex, storeDateTimeAsTicks: true)
            {
                BusyTimeout = TimeSpan.FromSeconds(10),
            };
            connection.ExecuteScalar<string>("PRAGMA journal_mode=WAL");
            connection.Execute("PRAGMA synchronous=FULL");
            return connection;
        });
        return new SQLiteStorage(connections, options);
    }

    private static PostgreSqlStorage PostgresStorage(string connectionString, string schema, TimeSpan? poll)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = schema, PrepareSchemaIfNecessary = true };
        if (poll is { } interval)
        {
            options.QueuePollInterval = interval;
            options.EnableLongPolling = true;
        }

        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
