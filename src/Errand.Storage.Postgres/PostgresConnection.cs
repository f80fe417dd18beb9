using System.Globalization;
using Npgsql;

namespace Errand.Storage.Postgres;

/// <summary>Reads the forms a user gives a PostgreSQL store in, and describes one without its secrets.</summary>
public static class PostgresConnection
{
    /// <summary>True when <paramref name="value"/> names a PostgreSQL database (a URL or an Npgsql connection string).</summary>
    public static bool IsPostgres(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsUrl(value) || value.Contains('=', StringComparison.Ordinal);
    }

    /// <summary>
    /// An Npgsql connection string from <c>postgres://</c> / <c>postgresql://</c> URLs
    /// (<c>postgres://user:password@host:port/database?sslmode=require</c>, parts percent-encoded) or from an Npgsql
    /// connection string as is. Throws <see cref="FormatException"/> for anything else.
    /// </summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsUrl(value))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(value).ConnectionString;
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"Not a PostgreSQL connection string: {ex.Message}", ex);
            }
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
        {
            throw new FormatException("Not a PostgreSQL URL: expected postgres://user[:password]@host[:port]/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host.Trim('[', ']') };
        if (url.Port > 0)
        {
            builder.Port = url.Port;
        }

        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var setting = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            // Npgsql's names with spaces ("search path") or their underscore spellings (libpq's "search_path").
            var name = builder.ContainsKey(key) ? key : key.Replace('_', ' ');
            if (!builder.ContainsKey(name))
            {
                throw new FormatException($"Unknown PostgreSQL URL parameter '{key}'.");
            }

            builder[name] = setting;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// The connection string the store's data source uses: <paramref name="value"/> (see <see cref="Normalize"/>) with the
    /// store's defaults for whatever it does not set itself. <paramref name="lean"/>: see <see cref="PostgresStoreOptions.LeanLifecycle"/>;
    /// <paramref name="idleInTransaction"/>: see <see cref="PostgresStoreOptions.IdleInTransactionTimeout"/> (null or zero: not set).
    /// </summary>
    internal static string ForStore(string value, bool lean = true, TimeSpan? idleInTransaction = null)
    {
        var normalized = Normalize(value);
        // Npgsql's builder answers ContainsKey for every keyword it knows, set or not: what the user set is read from a plain one.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = normalized };
        var settings = new NpgsqlConnectionStringBuilder(normalized);
        settings.ApplicationName ??= "errand";
        settings.Enlist = false;
        // The store sends a handful of statements over and over: preparing them spares the server a parse and plan each time.
        if (!given.ContainsKey("Max Auto Prepare"))
        {
            settings.MaxAutoPrepare = 64;
        }

        // Seven reset statements each time a connection went back to the pool were most of the statements a task cost
        // (issue 9's count: 20 of 27.9). The store leaves no session state behind to reset: no SET, no temporary objects,
        // its advisory lock released in a finally, LISTEN only on the listener's own connection; an open transaction is
        // still rolled back when a connection is returned.
        if (lean && !given.ContainsKey("No Reset On Close"))
        {
            settings.NoResetOnClose = true;
        }

        // Sent once, as a startup option of each connection: no statement per checkout. An idle_in_transaction_session_timeout
        // the user set in Options wins.
        if (idleInTransaction is { } idle && idle > TimeSpan.Zero && settings.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.OrdinalIgnoreCase) != true)
        {
            var option = string.Create(CultureInfo.InvariantCulture, $"-c idle_in_transaction_session_timeout={(long)Math.Ceiling(idle.TotalMilliseconds)}");
            settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? option : settings.Options + " " + option;
        }

        return settings.ConnectionString;
    }

    /// <summary>Where a connection string points, for logs and output: <c>postgres://user@host:port/database</c>, never a password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(Normalize(connectionString));
        var user = string.IsNullOrEmpty(builder.Username) ? "" : Uri.EscapeDataString(builder.Username) + "@";
        var port = builder.Port.ToString(CultureInfo.InvariantCulture);
        return $"postgres://{user}{builder.Host}:{port}/{Uri.EscapeDataString(builder.Database ?? "")}";
    }

    private static bool IsUrl(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
}
