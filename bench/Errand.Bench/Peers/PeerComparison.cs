using System.Globalization;
using Errand.Tests.Shared.Postgres;

namespace Errand.Bench.Peers;

/// <summary>
/// Errand against Hangfire as teams deploy them (this process enqueues, a worker process runs the jobs; only the
/// store connects them), on the same SQLite durability and the same PostgreSQL server, one after another in one run:
/// Errand, then Hangfire with its defaults, then Hangfire with its fastest sensible poll.
/// </summary>
internal static class PeerComparison
{
    /// <summary>The fastest poll we call sensible for Hangfire: 10 polls a second per worker.</summary>
    public static readonly TimeSpan FastPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A burst that takes longer is cut there (throughput = jobs started by then over this time): Hangfire runs ~10
    /// jobs/s on SQLite and ~35 on PostgreSQL here, so its four bursts are cut (at 60 s they took 4 of the suite's
    /// 15 minutes); 30 s still holds hundreds of jobs on each.
    /// </summary>
    public static readonly TimeSpan BurstLimit = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<PeerResult>> RunAsync(string postgres, int burst, int samples, int defaultPollSamples, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("errand-bench-peers-").FullName;
        var counters = new PgCounters(postgres);
        var results = new List<PeerResult>();
        var errandPlan = new PeerPlan(samples, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10), burst, BurstLimit);
        var fastPlan = errandPlan with { Gap = TimeSpan.FromMilliseconds(50) };

        // A 15 s poll: jobs spaced wider, fewer of them, and waited for a whole poll interval and more.
        var defaultPlan = new PeerPlan(defaultPollSamples, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20), burst, BurstLimit);
        try
        {
            await PostgresServer.ExecuteAsync(postgres, "DROP SCHEMA IF EXISTS hangfire_default CASCADE; DROP SCHEMA IF EXISTS hangfire_fast CASCADE");
            var statements = await counters.ResetStatementsAsync(cancellationToken);
            Console.WriteLine($"# peers: burst {burst}, idle samples {samples} ({defaultPlan.Samples} at Hangfire's default poll); pg_stat_statements {(statements ? "loaded" : "not loaded")}");
            (string Engine, Func<Task<IJobSystem>> Start, PeerPlan Plan, bool Pg)[] systems =
            [
                ("SQLite", async () => await ErrandJobSystem.StartAsync("Errand", "sqlite:" + Path.Combine(dir, "errand.db"), 64, cancellationToken), errandPlan, false),
                ("SQLite", () => Task.FromResult<IJobSystem>(HangfireJobSystem.Sqlite("Hangfire (default)", Path.Combine(dir, "hangfire-default.db"), null, defaultPlan.Warmup)), defaultPlan, false),
                ("SQLite", () => Task.FromResult<IJobSystem>(HangfireJobSystem.Sqlite("Hangfire (100 ms poll)", Path.Combine(dir, "hangfire-fast.db"), FastPoll, fastPlan.Warmup)), fastPlan, false),
                ("PostgreSQL", async () => await ErrandJobSystem.StartAsync("Errand", await Support.BenchSchemas.FreshAsync(postgres, "errand_peer"), 64, cancellationToken), errandPlan, true),
                ("PostgreSQL", () => Task.FromResult<IJobSystem>(HangfireJobSystem.Postgres("Hangfire (default)", postgres, "hangfire_default", null, defaultPlan.Warmup)), defaultPlan, true),
                ("PostgreSQL", () => Task.FromResult<IJobSystem>(HangfireJobSystem.Postgres("Hangfire (100 ms poll, long polling)", postgres, "hangfire_fast", FastPoll, fastPlan.Warmup)), fastPlan, true),
            ];
            foreach (var (engine, start, plan, pg) in systems)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var system = await start();
                var started = clock.Elapsed;
                PeerResult result;
                var measured = TimeSpan.Zero;
                try
                {
                    result = await PeerMeasurement.RunAsync(system, engine, plan, pg ? counters : null, cancellationToken);
                }
                finally
                {
                    measured = clock.Elapsed;
                    await system.DisposeAsync();
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"# time: {engine} | {system.Name} | {clock.Elapsed.TotalSeconds:0.0} s in all (worker process start {started.TotalSeconds:0.0} s, stop {(clock.Elapsed - measured).TotalSeconds:0.0} s)"));
                results.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{engine} | {result.Name} | idle p50 {Support.Percentiles.Of(result.Idle, 50):0.00} ms p99 {Support.Percentiles.Of(result.Idle, 99):0.00} ms (missing {result.IdleMissing}) | {result.TasksPerSecond:0} jobs/s{(result.Completed ? "" : " (not all done)")} | CPU {result.CpuMsPerJob:0.00} ms/job"));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return results;
    }
}
