using Errand.Tests.Shared.Postgres;
using Npgsql;

namespace Errand.Bench.Support;

/// <summary>A fresh, empty PostgreSQL schema per measured system: the connection string that works in it alone.</summary>
internal static class BenchSchemas
{
    public static async Task<string> FreshAsync(string server, string schema)
    {
        await PostgresServer.ExecuteAsync(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }
}
