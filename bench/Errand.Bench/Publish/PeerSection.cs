using System.Globalization;
using System.Text;
using Errand.Bench.Peers;
using Errand.Bench.Support;
using static Errand.Bench.Publish.ReportWriter;

namespace Errand.Bench.Publish;

/// <summary>The Errand-against-Hangfire section: the table, the ratios, the counters per job and the verdicts.</summary>
internal static class PeerSection
{
    public static void Write(StringBuilder md, PublishRun run)
    {
        md.AppendLine("## No-op jobs: Errand against Hangfire on the same engines");
        md.AppendLine();
        md.AppendLine(Invariant($"Each system runs **as a team deploys it: the code that enqueues in one process (this one: Errand's store as `errand submit` uses it, Hangfire's `BackgroundJobClient`), the worker in another** (Errand: one `Worker` at concurrency 64 over its store, the no-op agent, `--store-worker`; Hangfire {run.Versions.GetValueOrDefault("Hangfire.Core")}: a `BackgroundJobServer` with its default worker count, min(5 × cores, 20), `--hangfire-server`, running `() => HangfireJobs.NoOp(key)`). Only the store connects them: PostgreSQL is the same private durable cluster for all, SQLite a fresh file each, WAL with `synchronous=FULL` for all; one system after another in the same run (`Peers/`). Hangfire **default** = the storages' defaults (`QueuePollInterval` 15 s; Hangfire.PostgreSql without long polling); **fast** = `QueuePollInterval` {PeerComparison.FastPoll.TotalMilliseconds:0} ms, and on PostgreSQL `EnableLongPolling` (LISTEN/NOTIFY) as well: the quickest pick-up each storage offers. Errand wakes workers in other processes without polling: LISTEN/NOTIFY on PostgreSQL, a watched doorbell file beside the database on SQLite. (In one process Hangfire.PostgreSql signals its own workers after an enqueue, so there its default does not wait for the poll; across processes it does.)"));
        md.AppendLine();
        md.AppendLine(Invariant($"- **Idle latency**: jobs enqueued one at a time, spaced so the queue is empty between them ({run.Counts.IdleSamples} jobs 20 ms apart for Errand, 50 ms for fast Hangfire; {run.Counts.DefaultPollSamples} jobs 500 ms apart for default Hangfire, since each waits up to a whole poll: they span one 15 s poll interval, every phase of it once), each timed from the enqueue call to the job's code starting (a Stopwatch timestamp)."));
        md.AppendLine(Invariant($"- **Throughput**: {run.Counts.Burst:N0} jobs enqueued by 8 concurrent producers; jobs per second from the first enqueue until every job has succeeded, or, where that takes over {PeerComparison.BurstLimit.TotalSeconds:0} s (producers included), jobs started by then over that time (Errand: no task queued or running in the store; Hangfire: every job moved to Succeeded, counted by a state filter just before that transaction commits). **Under load**: each of those jobs' enqueue→start (of a cut burst, the jobs started by the cut, while the queue still grew: a longer burst's would be longer)."));
        md.AppendLine("- **CPU per job**: the CPU time of both processes (enqueuer and worker) over the burst divided by the jobs. On PostgreSQL, per job over the burst: server transactions committed (`pg_stat_database.xact_commit`, read-only ones too), statements (`pg_stat_statements`), WAL flushes (`pg_stat_wal.wal_sync`) and the server processes' CPU (/proc). Errand's completion check polls every 25 ms and is counted in these (a few statements per second).");
        md.AppendLine();
        md.AppendLine("| engine | system | idle p50 | idle p99 | throughput (jobs/s) | under load p50 / p99 | CPU per job (both processes) | PG commits / job | PG statements / job | WAL flushes / job | PG server CPU / job |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in run.Peers)
        {
            var pg = r.Postgres;
            md.AppendLine(Invariant($"| {r.Engine} | {r.Name} | {Ms(Percentiles.Of(r.Idle, 50))} | {Ms(Percentiles.Of(r.Idle, 99))}{(r.IdleMissing > 0 ? $" ({r.IdleMissing} never started)" : "")} | {r.TasksPerSecond:N0}{(r.Completed ? "" : $" (cut at {PeerComparison.BurstLimit.TotalSeconds:0} s: {r.Jobs:N0} started)")} | {Ms(Percentiles.Of(r.Load, 50))} / {Ms(Percentiles.Of(r.Load, 99))} | {r.CpuMsPerJob:0.00} ms | {PerJob(pg?.Commits, r.Jobs)} | {PerJob(pg?.Statements, r.Jobs)} | {PerJob(pg?.WalSyncs, r.Jobs)} | {(pg is null ? "—" : (pg.ServerCpuMs / r.Jobs).ToString("0.00", CultureInfo.InvariantCulture) + " ms")} |"));
        }

        md.AppendLine();
        md.AppendLine("Ratios (Hangfire's latency over Errand's; Errand's throughput over Hangfire's; above 1 = Errand ahead):");
        md.AppendLine();
        md.AppendLine("| engine | against | idle p50 | idle p99 | throughput | target: ≥ 100× on latency and ahead on throughput against the default |");
        md.AppendLine("|---|---|---:|---:|---:|---|");
        foreach (var engine in run.Peers.Select(p => p.Engine).Distinct())
        {
            var errand = run.Peers.FirstOrDefault(p => p.Engine == engine && p.Name == "Errand");
            if (errand is null)
            {
                continue;
            }

            foreach (var peer in run.Peers.Where(p => p.Engine == engine && p != errand))
            {
                var p50 = Percentiles.Of(peer.Idle, 50) / Percentiles.Of(errand.Idle, 50);
                var p99 = Percentiles.Of(peer.Idle, 99) / Percentiles.Of(errand.Idle, 99);
                var throughput = errand.TasksPerSecond / peer.TasksPerSecond;
                var verdict = peer.Name != "Hangfire (default)" ? "—"
                    : (p50 >= 100 ? "latency met" : "**latency not met**") + ", " + (throughput > 1 ? "throughput met" : "**throughput not met**");
                md.AppendLine(Invariant($"| {engine} | {peer.Name} | {p50:0.#}× | {p99:0.#}× | {throughput:0.##}× | {verdict} |"));
            }
        }

        Statements(md, run);
        md.AppendLine();
        md.AppendLine("![idle latency](latency-idle.png)");
        md.AppendLine();
        md.AppendLine("![latency under load](latency-load.png)");
        md.AppendLine();
    }

    private static void Statements(StringBuilder md, PublishRun run)
    {
        var withTop = run.Peers.Where(p => p.Postgres is { Top.Count: > 0 }).ToList();
        if (withTop.Count == 0)
        {
            return;
        }

        md.AppendLine();
        md.AppendLine("Where the PostgreSQL statements go: the most frequent during each burst (`pg_stat_statements`, reset before it), in calls per job:");
        foreach (var peer in withTop)
        {
            md.AppendLine();
            md.AppendLine($"<details><summary>{peer.Name}</summary>");
            md.AppendLine();
            md.AppendLine("| calls / job | statement |");
            md.AppendLine("|---:|---|");
            foreach (var (calls, query) in peer.Postgres!.Top)
            {
                md.AppendLine(Invariant($"| {(double)calls / peer.Jobs:0.00} | `{query.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal)}` |"));
            }

            md.AppendLine();
            md.AppendLine("</details>");
        }
    }

    private static string Ms(double ms) => double.IsNaN(ms) ? "—"
        : ms >= 1000 ? (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s"
        : ms.ToString(ms < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string PerJob(long? count, int jobs) => count is { } n ? ((double)n / jobs).ToString("0.0", CultureInfo.InvariantCulture) : "—";
}
