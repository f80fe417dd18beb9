using Errand.Storage;
using Errand.Storage.Postgres;
using Errand.Storage.Sqlite;

namespace Errand.Bench.Stores;

/// <summary>Opens a store from a location: <c>sqlite:PATH</c>, or a PostgreSQL connection string.</summary>
internal static class BenchStores
{
    public static async Task<IErrandStore> OpenAsync(string location, CancellationToken cancellationToken) =>
        location.StartsWith("sqlite:", StringComparison.Ordinal)
            ? await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = location["sqlite:".Length..] }, cancellationToken)
            : await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = location }, cancellationToken);
}
