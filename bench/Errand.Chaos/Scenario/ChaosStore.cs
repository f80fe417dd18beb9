using Errand.Storage;
using Errand.Storage.Sqlite;

namespace Errand.Chaos.Scenario;

/// <summary>
/// The store every worker ("host", each with its own data directory) and the harness share. SQLite: one file,
/// linked into each host's data directory (SQLite follows the link and names its WAL and lock files after the real
/// file, so the processes share one database safely).
/// </summary>
internal sealed class ChaosStore
{
    private readonly string _sqlitePath;

    private ChaosStore(string name, string sqlitePath)
    {
        Name = name;
        _sqlitePath = sqlitePath;
    }

    /// <summary>"sqlite" or "postgres", for the report.</summary>
    public string Name { get; }

    public static ChaosStore Sqlite(string path) => new("sqlite", path);

    public async Task<IErrandStore> OpenAsync(CancellationToken cancellationToken) =>
        await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = _sqlitePath }, cancellationToken);

    /// <summary>Makes a host's data directory use this store; returns the worker arguments that do the rest.</summary>
    public IReadOnlyList<string> PrepareHost(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var link = Path.Combine(dataDirectory, "errand.db");
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, _sqlitePath);
        }

        return [];
    }
}
