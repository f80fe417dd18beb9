using Errand.Storage;
using Errand.Storage.Postgres;
using Errand.Storage.Sqlite;
using Errand.Tests.Shared.Postgres;

namespace Errand.Bench.Stores;

/// <summary>
/// Opens a store from a location: <c>sqlite:PATH</c>, a PostgreSQL connection string, or a connection string behind a
/// prefix that selects an older behaviour to compare: <c>pg-single:</c> each write in its own transaction (no group
/// commit), <c>pg-unmerged:</c> one statement per enqueue and per transition (no multi-row statements),
/// <c>pg-single-enqueues:</c> one statement per enqueue (transitions merged), <c>pg-main:</c> one statement per
/// transition over migration 13's task indexes (see <see cref="PrepareMainAsync"/>), or <c>pg-before:</c> the store before
/// the lean lifecycle (see <see cref="PrepareBeforeAsync"/>).
/// </summary>
internal static class BenchStores
{
    public const string PostgresWithoutGroupCommit = "pg-single:";

    public const string PostgresBefore = "pg-before:";

    public const string PostgresUnmerged = "pg-unmerged:";

    public const string PostgresSingleEnqueues = "pg-single-enqueues:";

    public const string PostgresMain = "pg-main:";

    // What each prefix changes from the defaults.
    private static readonly (string Prefix, Func<string, PostgresStoreOptions> Options)[] Variants =
    [
        (PostgresWithoutGroupCommit, c => new PostgresStoreOptions { ConnectionString = c, GroupCommit = false }),
        (PostgresBefore, c => new PostgresStoreOptions { ConnectionString = c, LeanLifecycle = false, MergeWrites = false, MergeTransitions = false }),
        (PostgresUnmerged, c => new PostgresStoreOptions { ConnectionString = c, MergeWrites = false, MergeTransitions = false }),
        (PostgresSingleEnqueues, c => new PostgresStoreOptions { ConnectionString = c, MergeWrites = false }),
        (PostgresMain, c => new PostgresStoreOptions { ConnectionString = c, MergeTransitions = false }),
    ];

    public static async Task<IErrandStore> OpenAsync(string location, CancellationToken cancellationToken)
    {
        if (location.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            return await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = location["sqlite:".Length..] }, cancellationToken);
        }

        var variant = Variants.FirstOrDefault(v => location.StartsWith(v.Prefix, StringComparison.Ordinal));
        var options = variant.Prefix is null ? new PostgresStoreOptions { ConnectionString = location } : variant.Options(location[variant.Prefix.Length..]);
        return await PostgresStore.OpenAsync(options, cancellationToken);
    }

    /// <summary>
    /// Migrates the (empty) schema <paramref name="connectionString"/> points at and puts back the task indexes migration 14
    /// replaced ((state, id) over every row, the reaper's and the limits' partial indexes, the default fillfactor), so the
    /// store there runs as on main before it; returns its <c>pg-main:</c> location.
    /// </summary>
    public static async Task<string> PrepareMainAsync(string connectionString, CancellationToken cancellationToken)
    {
        await (await OpenAsync(PostgresMain + connectionString, cancellationToken)).DisposeAsync();
        await PostgresServer.ExecuteAsync(connectionString, OldTaskIndexes);
        return PostgresMain + connectionString;
    }

    private const string OldTaskIndexes =
        "CREATE INDEX IF NOT EXISTS ix_tasks_state_id ON tasks (state, id); DROP INDEX IF EXISTS ix_tasks_unsucceeded; " +
        "CREATE INDEX IF NOT EXISTS ix_tasks_lease_expiry ON tasks (lease_expires_at) WHERE state = 'running'; " +
        "CREATE INDEX IF NOT EXISTS ix_tasks_running_repo ON tasks (repo) WHERE state = 'running'; ALTER TABLE tasks RESET (fillfactor);";

    /// <summary>
    /// Migrates the (empty) schema <paramref name="connectionString"/> points at and puts back what the lean lifecycle's
    /// migrations (7, 8, 12) changed in the journal — its foreign key to tasks, its primary key on seq and its index on
    /// (task_id, seq) — and the task indexes migration 14 replaced, so the store there runs as before; returns its
    /// <c>pg-before:</c> location.
    /// </summary>
    public static async Task<string> PrepareBeforeAsync(string connectionString, CancellationToken cancellationToken)
    {
        await (await OpenAsync(PostgresBefore + connectionString, cancellationToken)).DisposeAsync();
        await PostgresServer.ExecuteAsync(connectionString,
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'journal'::regclass AND contype = 'f') THEN " +
            "ALTER TABLE journal ADD FOREIGN KEY (task_id) REFERENCES tasks (id); END IF; " +
            "IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'journal'::regclass AND contype = 'p' AND conkey = '{1}') THEN " +
            "ALTER TABLE journal DROP CONSTRAINT IF EXISTS journal_pkey; ALTER TABLE journal ADD PRIMARY KEY (seq); " +
            "CREATE INDEX IF NOT EXISTS ix_journal_task_seq ON journal (task_id, seq); END IF; END $$; " + OldTaskIndexes);
        return PostgresBefore + connectionString;
    }
}
