using Errand.Storage;
using Errand.Storage.Postgres;
using Errand.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Errand.Cli.Hosting;

/// <summary>
/// Which store a command opens: <c>--store</c>, else <c>$ERRAND_STORE</c>, else <c>sqlite</c> (the data directory's
/// errand.db). A PostgreSQL connection string or <c>postgres://</c> URL shares one database between every process on
/// every host. The value may carry a password: errors and logs name the database only by
/// <see cref="PostgresConnection.Describe"/>, never by the value itself.
/// </summary>
internal static class StoreLocation
{
    public const string Variable = "ERRAND_STORE";

    public const string Sqlite = "sqlite";

    /// <summary>The option's value, else the environment's, else <see cref="Sqlite"/>.</summary>
    public static string Resolve(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option.Trim()
        : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment.Trim()
        : Sqlite;

    /// <summary>What is wrong with <paramref name="location"/>, without repeating it (it may hold a password); null when usable.</summary>
    public static string? Problem(string location)
    {
        if (string.Equals(location, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!PostgresConnection.IsPostgres(location))
        {
            return $"--store / {Variable}: expected 'sqlite', a postgres://user@host:port/database URL or a PostgreSQL connection string";
        }

        try
        {
            PostgresConnection.Normalize(location);
            return null;
        }
        catch (FormatException ex)
        {
            return $"--store / {Variable}: {ex.Message}";
        }
    }

    /// <summary>Opens (and migrates) the store a usable <paramref name="location"/> (see <see cref="Problem"/>) names.</summary>
    public static async Task<IErrandStore> OpenAsync(
        string location, string dataDirectory, TimeProvider time, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        if (string.Equals(location, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return await SqliteStore.OpenAsync(
                new SqliteStoreOptions { Path = Path.Combine(dataDirectory, "errand.db"), TimeProvider = time }, cancellationToken);
        }

        return await PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = location, TimeProvider = time, LoggerFactory = logging }, cancellationToken);
    }
}
