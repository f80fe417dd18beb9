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
