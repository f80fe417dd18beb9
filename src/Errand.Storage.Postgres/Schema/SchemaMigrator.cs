using Microsoft.Extensions.Logging;
using Errand.Storage.Postgres.Rows;
using Npgsql;

namespace Errand.Storage.Postgres.Schema;

/// <summary>Brings a database to the newest schema version this code knows, one migration per transaction.</summary>
internal sealed class SchemaMigrator(IReadOnlyList<Migration> migrations, TimeProvider time, ILogger logger)
{
    // The advisory lock that serialises migrations of one schema, the same in every Errand process.
    private const string LockKey = "hashtextextended('errand-migrate:' || current_schema(), 0)";

    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    public int Latest => migrations[^1].Version;

    public async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Processes opening the same database at once queue on this lock; each then reads the version the one
        // before it left, so every migration runs exactly once. A session lock: a process that dies lets go of it.
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, CreateVersionTable, cancellationToken);
            while (true)
            {
                var version = await ReadVersionAsync(connection, cancellationToken);
                if (version > Latest)
                {
                    throw new InvalidOperationException(
                        $"The database '{connection.Database}' has schema version {version}, but this build of Errand knows " +
                        $"versions up to {Latest}. It was written by a newer Errand; upgrade Errand to open it.");
                }

                if (version == Latest)
                {
                    return;
                }

                var next = migrations.Single(m => m.Version == version + 1);
                await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
                {
                    await ExecuteAsync(connection, next.Sql, cancellationToken);
                    await using var record = new NpgsqlCommand(
                        "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)", connection)
                    {
                        Parameters = { new() { Value = next.Version }, new() { Value = next.Name }, new() { Value = StoreTime.Now(time) } },
                    };
                    await record.ExecuteNonQueryAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }

                logger.LogInformation("Migrated database {Database} to schema version {Version} ({Name})", connection.Database, next.Version, next.Name);
            }
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
