using Errand.Storage;
using Errand.Storage.Postgres;
using Errand.Storage.Sqlite;

namespace Errand.Bench.Stores;

/// <summary>
/// Opens a store from a location: <c>sqlite:PATH</c>, a PostgreSQL connection string, or <c>pg-single:</c> and a
/// connection string for PostgreSQL with each write in its own transaction (no group commit), to compare.
/// </summary>
internal static class BenchStores
{
    public const string PostgresWithoutGroupCommit = "pg-single:";

    public static async Task<IErrandStore> OpenAsync(string location, CancellationToken cancellationToken)
    {
        if (location.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            return await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = location["sqlite:".Length..] }, cancellationToken);
        }

        var single = location.StartsWith(PostgresWithoutGroupCommit, StringComparison.Ordinal);
        return await PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = single ? location[PostgresWithoutGroupCommit.Length..] : location, GroupCommit = !single },
            cancellationToken);
    }
}
