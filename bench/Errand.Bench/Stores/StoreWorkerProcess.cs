using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Support;

namespace Errand.Bench.Stores;

/// <summary>
/// Starts this program as a <see cref="StoreWorkerCommand"/> child process over a store and reports each agent start
/// it prints (task id, Stopwatch timestamp), and its runtime counters when asked; returns once the worker is ready.
/// </summary>
internal static class StoreWorkerProcess
{
    public static Process Start(string location, IEnumerable<string> options, Action<long, long> onStarted, Action<RuntimeCounters>? onRuntime = null) =>
        BenchChild.Start(["--store-worker", location, .. options], line =>
        {
            if (RuntimeCounters.TryParse(line, out var counters))
            {
                onRuntime?.Invoke(counters);
                return;
            }

            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == "started")
            {
                onStarted(long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        });
}
