using System.Diagnostics;
using System.Globalization;
using Errand.Chaos.Scenario;
using Errand.Storage.Postgres;
using Npgsql;

namespace Errand.Chaos.Postgres;

/// <summary>
/// The chaos run on PostgreSQL: the workers' store (their connections named, so only theirs are terminated), a
/// restart of the server mid-run, and <c>pg_terminate_backend</c> on every worker connection.
/// </summary>
internal static class PostgresChaos
{
    private const string WorkerApplication = "errand-chaos-worker";

    public static ChaosStore Store(string connectionString)
    {
        var workers = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = WorkerApplication }.ConnectionString;
        return new ChaosStore(
            "postgres",
            async ct => await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connectionString }, ct),
            _ => ["--store", workers]);
    }

    /// <param name="connectionString">The harness's connection (not terminated).</param>
    /// <param name="clusterScript">scripts/postgres-test-cluster.sh, which stops and starts the server.</param>
    /// <param name="restartAt">Share of the tasks ended when the server restarts.</param>
    /// <param name="terminateAt">Share of the tasks ended when the workers' connections are terminated.</param>
    public static IReadOnlyList<ServerFault> Faults(string connectionString, string clusterScript, double restartAt, double terminateAt) =>
        Faults(connectionString, ct => ScriptAsync(clusterScript, "stop", ct), ct => ScriptAsync(clusterScript, "start", ct), restartAt, terminateAt);

    /// <summary>The same faults on a server the caller stops and starts (a test's private cluster).</summary>
    public static IReadOnlyList<ServerFault> Faults(
        string connectionString, Func<CancellationToken, Task> stop, Func<CancellationToken, Task> start, double restartAt, double terminateAt) =>
    [
        new ServerFault("pg_terminate_backend", terminateAt, ct => TerminateWorkersAsync(connectionString, ct)),
        new ServerFault("postgres restart", restartAt, ct => RestartAsync(stop, start, ct)),
    ];

    /// <summary>Starts the throwaway cluster (idempotent) and returns the connection string of a new, empty database in it.</summary>
    public static async Task<string> StartClusterAsync(string clusterScript, CancellationToken cancellationToken)
    {
        var server = (await ScriptAsync(clusterScript, "start", cancellationToken)).Trim();
        var database = string.Create(CultureInfo.InvariantCulture, $"errand_chaos_{Environment.ProcessId}_{Random.Shared.Next(1_000_000)}");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    private static async Task<string> TerminateWorkersAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @app", connection);
        command.Parameters.AddWithValue("app", WorkerApplication);
        var terminated = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return string.Create(CultureInfo.InvariantCulture, $"{terminated} worker connections terminated");
    }

    private static async Task<string> RestartAsync(Func<CancellationToken, Task> stop, Func<CancellationToken, Task> start, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await stop(cancellationToken);
        var down = clock.Elapsed;
        await start(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"stopped in {down.TotalSeconds:0.0} s, up again after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<string> ScriptAsync(string script, string verb, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [script, verb]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{script} {verb} failed: {await error}");
    }
}
