using System.Globalization;
using Errand.Tests.Shared.Postgres;
using Microsoft.Data.Sqlite;

namespace Errand.Cli.Tests.Support;

/// <summary>
/// Every row of every table of a store, as text, read past the store's own API: what a database dump would show
/// (a blob or bytea as lower-case hex).
/// </summary>
internal static class StoredRows
{
    /// <summary>The rows of the SQLite database at <paramref name="path"/>, one line each: <c>table: value|value|…</c>.</summary>
    public static async Task<List<string>> SqliteAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var select = new SqliteCommand($"SELECT * FROM \"{table}\"", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
                {
                    byte[] blob => Convert.ToHexStringLower(blob),
                    var value => Convert.ToString(value, CultureInfo.InvariantCulture),
                });
                rows.Add($"{table}: {string.Join('|', values)}");
            }
        }

        Assert.Contains(tables, t => t == "key_ring");
        return rows;
    }

    /// <summary>The rows of the tables in PostgreSQL schema <paramref name="schema"/>, one line each: <c>table: (row as text)</c>.</summary>
    public static async Task<List<string>> PostgresAsync(string connectionString, string schema)
    {
        var tables = ((string?)await PostgresServer.ExecuteAsync(connectionString,
            $"SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = '{schema}' AND table_type = 'BASE TABLE'") ?? "").Split(',');
        var rows = new List<string>();
        foreach (var table in tables)
        {
            // A row as text writes a bytea as \x and lower-case hex.
            var text = await PostgresServer.ExecuteAsync(connectionString, $"SELECT string_agg(t::text, E'\\n') FROM {schema}.\"{table}\" t") as string;
            rows.AddRange((text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(row => $"{table}: {row}"));
        }

        Assert.Contains(tables, t => t == "key_ring");
        return rows;
    }
}
