using Errand.Storage;
using Errand.Storage.Sqlite;

namespace Errand.Chaos.Scenario;

/// <summary>The store every worker ("host", each with its own data directory) and the harness share.</summary>
/// <param name="Name">"sqlite" or "postgres", for the report.</param>
/// <param name="Open">Opens the harness's own connection to it.</param>
/// <param name="PrepareHost">Makes a host's data directory use it; returns the worker arguments that do the rest.</param>
internal sealed record ChaosStore(string Name, Func<CancellationToken, Task<IErrandStore>> Open, Func<string, IReadOnlyList<string>> PrepareHost)
{
    /// <summary>
    /// One SQLite file, linked into each host's data directory: SQLite follows the link and names its WAL and lock
    /// files after the real file, so the processes share one database safely.
    /// </summary>
    public static ChaosStore Sqlite(string path) => new(
        "sqlite",
        async ct => await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = path }, ct),
        host =>
        {
            var link = Path.Combine(host, "errand.db");
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, path);
            }

            return [];
        });
}
