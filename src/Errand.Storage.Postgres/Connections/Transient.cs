using Npgsql;

namespace Errand.Storage.Postgres.Connections;

/// <summary>Which failures come from losing the server for a moment rather than from the statement itself.</summary>
internal static class Transient
{
    public static bool Is(Exception exception) => exception switch
    {
        // 57P01..57P03: the server is shutting down or restarting, or an operator ended the backend
        // (pg_terminate_backend); 08: the connection failed. Npgsql's own IsTransient leaves out the first.
        PostgresException pg => pg.IsTransient || pg.SqlState is "57P01" or "57P02" or "57P03" || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or EndOfStreamException,
        _ => false,
    };
}
