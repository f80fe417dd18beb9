using System.Diagnostics;

namespace Errand.Bench.Peers;

/// <summary>
/// The job Hangfire runs: reports its start and returns. Public because Hangfire only invokes public methods; the
/// callback is static because Hangfire activates jobs by method, not by instance.
/// </summary>
public static class HangfireJobs
{
    internal static Action<long, long> OnStarted { get; set; } = (_, _) => { };

    public static void NoOp(long key) => OnStarted(key, Stopwatch.GetTimestamp());
}
