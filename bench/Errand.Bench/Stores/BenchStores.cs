using Errand.Storage;
using Errand.Storage.Postgres;
using Errand.Storage.Sqlite;
using Errand.Tests.Shared.Postgres;

namespace Errand.Bench.Stores;

/// <summary>
/// Opens a store from a location: <c>sqlite:PATH</c>, a PostgreSQL connection string, <c>pg-single:</c> and a
/// connection string for PostgreSQL with each write in its own transaction (no group commit), <c>pg-unmerged:</c> and one
/// for PostgreSQL with one statement per enqueue (no multi-row statements), or <c>pg-before:</c> and
/// a connection string for PostgreSQL as it was before the lean lifecycle (see <see cref="PrepareBeforeAsync"/>), to compare.
/// </summary>
internal static class BenchStores
{
    public const string PostgresWithoutGroupCommit = "pg-single:";

    public const string PostgresBefore = "pg-before:";

    public const string PostgresUnmerged = "pg-unmerged:";

    public static async Task<IErrandStore> OpenAsync(string location, CancellationToken cancellationToken)
    {
        if (location.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            return await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = location["sqlite:".Length..] }, cancellationToken);
        }

        var single = location.StartsWith(PostgresWithoutGroupCommit, StringComparison.Ordinal);
        var before = location.StartsWith(PostgresBefore, StringComparison.Ordinal);
        var unmerged = location.StartsWith(PostgresUnmerged, StringComparison.Ordinal);
        var connection = single ? location[PostgresWithoutGroupCommit.Length..] : before ? location[PostgresBefore.Length..] : unmerged ? location[PostgresUnmerged.Length..] : location;
        return await PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = connection, GroupCommit = !single, LeanLifecycle = !before, MergeWrites = !unmerged && !before },
            cancellationToken);
    }

    /// <summary>
    /// Migrates the (empty) schema <paramref name="connectionString"/> points at and puts back what the lean lifecycle's
    /// migrations (7, 8, 12) changed in the journal — its foreign key to tasks, its primary key on seq and its index on
    /// (task_id, seq) — so the store there runs as before; returns its <c>pg-before:</c> location.
    /// </summary>
    public static async Task<string> PrepareBeforeAsync(string connectionString, CancellationToken cancellationToken)
    {
        await (await OpenAsync(PostgresBefore + connectionString, cancellationToken)).DisposeAsync();
        await PostgresServer.ExecuteAsync(connectionString,
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'journal'::regclass AND contype = 'f') THEN " +
            "ALTER TABLE journal ADD FOREIGN KEY (task_id) REFERENCES tasks (id); END IF; " +
            "IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'journal'::regclass AND contype = 'p' AND conkey = '{1}') THEN " +
            "ALTER TABLE journal DROP CONSTRAINT IF EXISTS journal_pkey; ALTER TABLE journal ADD PRIMARY KEY (seq); " +
            "CREATE INDEX IF NOT EXISTS ix_journal_task_seq ON journal (task_id, seq); END IF; END $$");
        return PostgresBefore + connectionString;
    }
}
