using System.Globalization;
using Errand.Bench.Engine;
using Errand.Bench.Support;
using Errand.Tests.Shared.Postgres;
using Npgsql;

namespace Errand.Bench.Stores;

/// <summary>
/// <c>--only postgres</c>: the cross-process scenario on SQLite and on PostgreSQL side by side, rounds interleaved.
/// PostgreSQL runs as a private cluster this benchmark starts (durable: fsync on, synchronous commit), each round in
/// a fresh schema; SQLite in a fresh file with durable commits.
/// </summary>
internal static class StoreComparison
{
    // server (--pg): an existing PostgreSQL server to use instead of a private cluster, e.g. one with
    // pg_stat_statements loaded to see where the time goes.
    public static async Task RunAsync(int rounds, int idle, int burst, int concurrency, int sqlitePollMs, string? server, int producers, CancellationToken cancellationToken)
    {
        await using var cluster = server is null ? await PrivateCluster.StartAsync(durable: true) : null;
        var serverConnection = server ?? cluster!.ConnectionString;
        Console.WriteLine($"# stores across processes: rounds {rounds}, idle samples {idle}, burst {burst}, one worker process at concurrency {concurrency}, {producers} producers");
        var all = new List<ScenarioResult>();
        for (var round = 1; round <= rounds; round++)
        {
            var dir = Directory.CreateTempSubdirectory("errand-bench-stores-").FullName;
            var schema = "bench_" + round.ToString(CultureInfo.InvariantCulture);
            await PostgresServer.ExecuteAsync(serverConnection,
                $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; DROP SCHEMA IF EXISTS {schema}_single CASCADE; CREATE SCHEMA {schema}_single");
            var postgres = new NpgsqlConnectionStringBuilder(serverConnection) { SearchPath = schema }.ConnectionString;
            var single = new NpgsqlConnectionStringBuilder(serverConnection) { SearchPath = schema + "_single" }.ConnectionString;
            (string Name, string Location, int Poll)[] stores =
            [
                ("SQLite (one file)", "sqlite:" + Path.Combine(dir, "errand.db"), sqlitePollMs),
                ("PostgreSQL (LISTEN/NOTIFY)", postgres, 250),
                ("PostgreSQL, no group commit", BenchStores.PostgresWithoutGroupCommit + single, 250),
            ];
            foreach (var (name, location, poll) in stores)
            {
                var result = await new CrossProcessScenario(name, location, concurrency, poll, producers).RunAsync(idle, burst, cancellationToken);
                all.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} | {name} | idle p50 {result.IdleP50Ms:0.00} ms p99 {result.IdleP99Ms:0.00} ms | {result.TasksPerSecond:0} tasks/s | under load p50 {result.LoadP50Ms:0.0} ms p99 {result.LoadP99Ms:0.0} ms"));
            }

            Directory.Delete(dir, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine("| store (submitter and worker in separate processes) | enqueue→start p50 (idle) | p99 (idle) | throughput (tasks/s) | p50 under load | p99 under load |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in all.GroupBy(r => r.Name))
        {
            static double Median(IEnumerable<double> xs) => Percentiles.Of(xs.Order().ToList(), 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {Median(group.Select(r => r.IdleP50Ms)):0.00} ms | {Median(group.Select(r => r.IdleP99Ms)):0.00} ms | {Median(group.Select(r => r.TasksPerSecond)):0} | {Median(group.Select(r => r.LoadP50Ms)):0} ms | {Median(group.Select(r => r.LoadP99Ms)):0} ms |"));
        }
    }
}
