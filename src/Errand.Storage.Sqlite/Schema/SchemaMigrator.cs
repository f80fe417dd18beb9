using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Errand.Storage.Sqlite.Schema;

/// <summary>Brings a database file to the newest schema version this code knows, one migration per transaction.</summary>
internal sealed class SchemaMigrator(IReadOnlyList<Migration> migrations, ILogger logger)
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public int Latest => migrations[^1].Version;

    public void Migrate(SqliteConnection connection, string path, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        EnableWal(connection, busyTimeout, cancellationToken);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // BEGIN IMMEDIATE takes the write lock before the version is read: processes opening the same file at
            // once queue here (busy_timeout), and each finds the version the one before it left, so every
            // migration runs exactly once.
            Execute(connection, "BEGIN IMMEDIATE");
            try
            {
                var version = ReadVersion(connection);
                if (version > Latest)
                {
                    throw new InvalidOperationException(
                        $"The database '{path}' has schema version {version}, but this build of Errand knows versions up to " +
                        $"{Latest}. It was written by a newer Errand; upgrade Errand to open it.");
                }

                if (version == Latest)
                {
                    Execute(connection, "COMMIT");
                    return;
                }

                var next = migrations.Single(m => m.Version == version + 1);
                Execute(connection, next.Sql);
                Execute(connection, $"PRAGMA user_version = {next.Version.ToString(CultureInfo.InvariantCulture)}");
                Execute(connection, "COMMIT");
                logger.LogInformation("Migrated {Path} to schema version {Version} ({Name})", path, next.Version, next.Name);
            }
            catch
            {
                RollbackQuietly(connection);
                throw;
            }
        }
    }

    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    // Switching to WAL needs a moment of exclusive access; a second process doing the same at that moment gets
    // SQLITE_BUSY without the busy handler being consulted, so it is retried here until the timeout.
    private static void EnableWal(SqliteConnection connection, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        // A monotonic clock bounds the retry; no stored time depends on it.
        var until = Environment.TickCount64 + (long)Math.Max(busyTimeout.TotalMilliseconds, 1000);
        while (true)
        {
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = WAL";
                var mode = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}').");
                }

                return;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked && Environment.TickCount64 < until)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Thread.Sleep(10);
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void RollbackQuietly(SqliteConnection connection)
    {
        try
        {
            Execute(connection, "ROLLBACK");
        }
        catch (SqliteException)
        {
            // No transaction was open (BEGIN itself failed): nothing to undo.
        }
    }
}
