using System.Diagnostics;

namespace Errand.Bench.Peers;

/// <summary>
/// The job Hangfire runs: records its start and returns. Public because Hangfire only invokes public methods; the
/// book is static because Hangfire activates jobs by method, not by instance.
/// </summary>
public static class HangfireJobs
{
    internal static StartBook Book { get; set; } = new();

    public static void NoOp(long key) => Book.Started(key, Stopwatch.GetTimestamp());
}
