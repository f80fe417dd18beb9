using System.Globalization;
using Errand.Bench.Support;
using Npgsql;

namespace Errand.Bench.Stores;

/// <summary>
/// What a PostgreSQL server on this machine has done so far: its processes' CPU time (the postmaster, every live
/// child, and the children it has reaped, so backends that exited are counted too), committed transactions, and
/// statements (pg_stat_statements, when the server loads it). Read before and after an interval and subtract.
/// </summary>
internal sealed class ServerCounters(string connectionString)
{
    // Backends report their statistics when idle, at most about once a second: let the interval's last ones land.
    private static readonly TimeSpan StatsDelay = TimeSpan.FromSeconds(1.2);

    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, SearchPath = "public" }.ConnectionString;
    private int? _postmaster;

    /// <summary>Finds the server's processes; call once before reading.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        _postmaster = ProcessCpu.Parent(Convert.ToInt32(await ScalarAsync(connection, "SELECT pg_backend_pid()", cancellationToken), CultureInfo.InvariantCulture));
        try
        {
            await ScalarAsync(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", cancellationToken);
        }
        catch (PostgresException)
        {
            // Not loaded by this server (shared_preload_libraries): statements per task are left out.
        }
    }

    /// <summary>The server's CPU time so far in ms, or null when its processes cannot be read here (another machine).</summary>
    public double? CpuMs() => _postmaster is { } pm && File.Exists($"/proc/{pm}/stat")
        ? ProcessCpu.Ms(pm, reapedChildren: true) + ProcessCpu.Children(pm).Sum(child => ProcessCpu.Ms(child))
        : null;

    /// <summary>
    /// <see cref="CpuMs"/> by kind of process: the live client backends, each auxiliary process by its name (walwriter,
    /// checkpointer, …), and "exited" for the postmaster with the children it has reaped (autovacuum workers, closed
    /// connections). Empty when the processes cannot be read here.
    /// </summary>
    public Dictionary<string, double> CpuByKind()
    {
        var kinds = new Dictionary<string, double>();
        if (_postmaster is not { } pm || !File.Exists($"/proc/{pm}/stat"))
        {
            return kinds;
        }

        kinds["exited"] = ProcessCpu.Ms(pm, reapedChildren: true);
        foreach (var child in ProcessCpu.Children(pm))
        {
            var kind = Kind(child);
            kinds[kind] = kinds.GetValueOrDefault(kind) + ProcessCpu.Ms(child);
        }

        return kinds;
    }

    /// <summary>
    /// Committed transactions, statements, and updates of task rows (every schema's <c>tasks</c>) with how many of them
    /// were HOT (no new index entries), so far, once the backends have reported them.
    /// </summary>
    public async Task<(long Commits, long? Statements, long TaskUpdates, long HotTaskUpdates)> ReadStatsAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(StatsDelay, cancellationToken);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        var commits = Convert.ToInt64(await ScalarAsync(connection, "SELECT sum(xact_commit) FROM pg_stat_database", cancellationToken), CultureInfo.InvariantCulture);
        long? statements = null;
        if (await ScalarAsync(connection, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'", cancellationToken) is > 0L)
        {
            statements = Convert.ToInt64(await ScalarAsync(connection, "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements", cancellationToken), CultureInfo.InvariantCulture);
        }

        await using var updates = new NpgsqlCommand(
            "SELECT coalesce(sum(n_tup_upd), 0)::bigint, coalesce(sum(n_tup_hot_upd), 0)::bigint FROM pg_stat_user_tables WHERE relname = 'tasks'", connection);
        await using var row = await updates.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        return (commits, statements, row.GetInt64(0), row.GetInt64(1));
    }

    /// <summary>Each statement's calls and execution time so far (pg_stat_statements), or null when the server does not load it.</summary>
    public async Task<Dictionary<string, (long Calls, double Ms)>?> ReadStatementsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (await ScalarAsync(connection, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'", cancellationToken) is not > 0L)
        {
            return null;
        }

        var statements = new Dictionary<string, (long, double)>();
        await using var command = new NpgsqlCommand(
            "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 70), sum(calls)::bigint, sum(total_exec_time) FROM pg_stat_statements GROUP BY 1", connection);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            statements[rows.GetString(0)] = (rows.GetInt64(1), rows.GetDouble(2));
        }

        return statements;
    }

    /// <summary>The five statements with the most execution time between two readings, per task: "ms/task calls/task: text".</summary>
    public static IReadOnlyList<string> Busiest(Dictionary<string, (long Calls, double Ms)> before, Dictionary<string, (long Calls, double Ms)> after, int tasks) =>
        [.. after.Select(s => (Text: s.Key, Calls: s.Value.Calls - before.GetValueOrDefault(s.Key).Calls, Ms: s.Value.Ms - before.GetValueOrDefault(s.Key).Ms))
            .Where(s => s.Calls > 0).OrderByDescending(s => s.Ms).Take(5)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Ms / tasks:0.000} ms/task, {(double)s.Calls / tasks:0.00} calls/task: {s.Text}"))];

    // "postgres: walwriter", "postgres: autovacuum worker", or for a client backend "postgres: user db host(port) state".
    private static string Kind(int pid)
    {
        string command;
        try
        {
            command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "exited";
        }

        var name = command.StartsWith("postgres: ", StringComparison.Ordinal) ? command["postgres: ".Length..] : command;
        return name.Contains('(', StringComparison.Ordinal) || name.Contains("[local]", StringComparison.Ordinal) ? "backends" : name;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
