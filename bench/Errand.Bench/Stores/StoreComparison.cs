using System.Globalization;
using Errand.Bench.Engine;
using Errand.Bench.Support;
using Errand.Tests.Shared.Postgres;
using Npgsql;

namespace Errand.Bench.Stores;

/// <summary>
/// <c>--only postgres</c>: the cross-process scenario on SQLite and on PostgreSQL side by side, rounds interleaved.
/// PostgreSQL runs as a private cluster this benchmark starts (durable: fsync on, synchronous commit), each round in
/// a fresh schema; SQLite in a fresh file with durable commits. Besides wall time it reports what a task costs in CPU
/// (submitter, worker and server processes, from /proc) and the throughput that cost allows on two idle cores, so the
/// figures mean something on a machine shared with other work.
/// </summary>
internal static class StoreComparison
{
    // server (--pg): an existing PostgreSQL server to use instead of a private cluster, e.g. one with
    // pg_stat_statements loaded to see where the time goes.
    // warmUpPasses (--warmup-passes): at most this many warm-up passes before the measured burst; 0 measures a cold worker.
    // kinds (--stores): which of sqlite, pg, pg-main, pg-before, pg-single, pg-unmerged, pg-single-enqueues to run; all when null.
    public static async Task RunAsync(
        int rounds, int idle, int burst, int concurrency, int sqlitePollMs, string? server, int producers, IReadOnlyCollection<string>? kinds, int warmUpPasses, CancellationToken cancellationToken)
    {
        // pg_stat_statements loaded, so statements per task can be counted (ServerCounters creates the extension).
        await using var cluster = server is null ? await PrivateCluster.StartAsync(durable: true, "-c shared_preload_libraries=pg_stat_statements") : null;
        var serverConnection = server ?? cluster!.ConnectionString;
        var counters = new ServerCounters(serverConnection);
        await counters.StartAsync(cancellationToken);
        Console.WriteLine($"# stores across processes: rounds {rounds}, idle samples {idle}, burst {burst}, one worker process at concurrency {concurrency}, {producers} producers, at most {warmUpPasses} warm-up passes");
        var all = new List<ScenarioResult>();
        for (var round = 1; round <= rounds; round++)
        {
            var dir = Directory.CreateTempSubdirectory("errand-bench-stores-").FullName;
            var schema = "bench_" + round.ToString(CultureInfo.InvariantCulture);
            string Schema(string suffix)
            {
                return new NpgsqlConnectionStringBuilder(serverConnection) { SearchPath = schema + suffix }.ConnectionString;
            }

            foreach (var suffix in new[] { "", "_single", "_before", "_unmerged", "_enqueues", "_main" })
            {
                await PostgresServer.ExecuteAsync(serverConnection, $"DROP SCHEMA IF EXISTS {schema}{suffix} CASCADE; CREATE SCHEMA {schema}{suffix}");
            }

            var before = await BenchStores.PrepareBeforeAsync(Schema("_before"), cancellationToken);
            var main = await BenchStores.PrepareMainAsync(Schema("_main"), cancellationToken);
            (string Kind, string Name, string Location, int Poll)[] stores =
            [
                ("sqlite", "SQLite (one file)", "sqlite:" + Path.Combine(dir, "errand.db"), sqlitePollMs),
                ("pg", "PostgreSQL (LISTEN/NOTIFY)", Schema(""), 250),
                ("pg-main", "PostgreSQL, one statement per transition, migration 13's indexes", main, 250),
                ("pg-unmerged", "PostgreSQL, one statement per enqueue and per transition", BenchStores.PostgresUnmerged + Schema("_unmerged"), 250),
                ("pg-single-enqueues", "PostgreSQL, one statement per enqueue", BenchStores.PostgresSingleEnqueues + Schema("_enqueues"), 250),
                ("pg-before", "PostgreSQL, before the lean lifecycle", before, 250),
                ("pg-single", "PostgreSQL, no group commit", BenchStores.PostgresWithoutGroupCommit + Schema("_single"), 250),
            ];
            foreach (var (_, name, location, poll) in stores.Where(s => kinds is null || kinds.Contains(s.Kind)))
            {
                var scenario = new CrossProcessScenario(name, location, concurrency, poll, producers, warmUpPasses, location.StartsWith("sqlite:", StringComparison.Ordinal) ? null : counters);
                var result = await scenario.RunAsync(idle, burst, cancellationToken);
                all.Add(result);
                var cost = result.Cost!;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} | {name} | idle p50 {result.IdleP50Ms:0.00} ms p99 {result.IdleP99Ms:0.00} ms | {result.TasksPerSecond:0} tasks/s | under load p50 {result.LoadP50Ms:0.0} ms p99 {result.LoadP99Ms:0.0} ms | CPU ms/task submitter {cost.SubmitterMs:0.00} worker {cost.WorkerMs:0.00} server {StoreCost.Format(cost.ServerMs, "0.00")} | {StoreCost.Format(cost.Transactions, "0.0")} commits, {StoreCost.Format(cost.Statements, "0.0")} statements/task | {StoreCost.Format(cost.TaskUpdates?.PerTask, "0.00")} task row updates/task, {StoreCost.Format(cost.TaskUpdates?.HotShare * 100, "0")}% HOT | capacity on 2 idle cores {cost.CapacityOnTwoCores:0} tasks/s"));
                Console.WriteLine($"  after {scenario.WarmUpTasks} warm-up tasks, worker runtime per task: {cost.WorkerRuntime.PerTask(burst)}; submitter: {cost.SubmitterRuntime.PerTask(burst)}");
                if (cost.ServerByKind is { Count: > 0 } byKind)
                {
                    Console.WriteLine("  server CPU ms/task by process: " + string.Join(", ", byKind.Where(k => k.Value > 0).OrderByDescending(k => k.Value)
                        .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value:0.000}"))));
                }

                foreach (var statement in cost.BusiestStatements ?? [])
                {
                    Console.WriteLine($"  server: {statement}");
                }
            }

            Directory.Delete(dir, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine("| store (submitter and worker in separate processes) | enqueue→start p50 (idle) | p99 (idle) | throughput (tasks/s) | p50 under load | p99 under load |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        static double Median(IEnumerable<double> xs) => Percentiles.Of(xs.Order().ToList(), 50);
        static double? MedianOf(IEnumerable<double?> xs) => xs.All(x => x is not null) ? Median(xs.Select(x => x!.Value)) : null;
        foreach (var group in all.GroupBy(r => r.Name))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {Median(group.Select(r => r.IdleP50Ms)):0.00} ms | {Median(group.Select(r => r.IdleP99Ms)):0.00} ms | {Median(group.Select(r => r.TasksPerSecond)):0} | {Median(group.Select(r => r.LoadP50Ms)):0} ms | {Median(group.Select(r => r.LoadP99Ms)):0} ms |"));
        }

        Console.WriteLine();
        Console.WriteLine("| store | throughput (tasks/s) | CPU ms/task: submitter | worker | server | total | capacity on 2 idle cores (tasks/s) | commits/task | statements/task | HOT task updates |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in all.GroupBy(r => r.Name))
        {
            var costs = group.Select(r => r.Cost!).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {Median(group.Select(r => r.TasksPerSecond)):0} | {Median(costs.Select(c => c.SubmitterMs)):0.00} | {Median(costs.Select(c => c.WorkerMs)):0.00} | {StoreCost.Format(MedianOf(costs.Select(c => c.ServerMs)), "0.00")} | {Median(costs.Select(c => c.TotalMs)):0.00} | {Median(costs.Select(c => c.CapacityOnTwoCores)):0} | {StoreCost.Format(MedianOf(costs.Select(c => c.Transactions)), "0.0")} | {StoreCost.Format(MedianOf(costs.Select(c => c.Statements)), "0.0")} | {StoreCost.Format(MedianOf(costs.Select(c => c.TaskUpdates?.HotShare * 100)), "0")}% |"));
        }
    }
}
