using System.Globalization;
using Npgsql;

namespace Errand.Bench.Peers;

/// <summary>
/// Reads the server's cumulative counters (pg_stat_database, pg_stat_statements, pg_stat_wal) and its processes' CPU
/// time from /proc (the server runs on this machine), so an interval's work can be divided by the jobs it ran.
/// </summary>
internal sealed class PgCounters(string connectionString)
{
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, SearchPath = "public" }.ConnectionString;

    public async Task<bool> ResetStatementsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ScalarAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()::text", cancellationToken);
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    public async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        // Backends report their counters when idle, at most once a second: let the interval's last ones land.
        await Task.Delay(TimeSpan.FromSeconds(1.2), cancellationToken);
        var commits = Convert.ToInt64(await ScalarAsync("SELECT sum(xact_commit) FROM pg_stat_database", cancellationToken), CultureInfo.InvariantCulture);
        var walSyncs = Convert.ToInt64(await ScalarAsync("SELECT wal_sync FROM pg_stat_wal", cancellationToken), CultureInfo.InvariantCulture);
        long? statements;
        try
        {
            statements = Convert.ToInt64(await ScalarAsync("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements", cancellationToken), CultureInfo.InvariantCulture);
        }
        catch (PostgresException)
        {
            statements = null;
        }

        var pids = await RowsAsync("SELECT pid, '' FROM pg_stat_activity", cancellationToken);
        var top = statements is null ? [] : await RowsAsync(
            "SELECT calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) FROM pg_stat_statements ORDER BY calls DESC LIMIT 8", cancellationToken);
        return new Snapshot(commits, statements, walSyncs, pids.ToDictionary(p => (int)p.Number, p => CpuMs((int)p.Number)), top);
    }

    public static PgDelta Between(Snapshot before, Snapshot after) => new(
        after.Commits - before.Commits,
        after.Statements - before.Statements,
        after.WalSyncs - before.WalSyncs,
        after.CpuMsByPid.Sum(p => p.Value - before.CpuMsByPid.GetValueOrDefault(p.Key)),
        after.Top);

    // utime + stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second on Linux).
    private static double CpuMs(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private async Task<List<(long Number, string Text)>> RowsAsync(string sql, CancellationToken cancellationToken)
    {
        var rows = new List<(long, string)>();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1)));
        }

        return rows;
    }

    internal sealed record Snapshot(long Commits, long? Statements, long WalSyncs, Dictionary<int, double> CpuMsByPid, IReadOnlyList<(long Calls, string Query)> Top);
}
