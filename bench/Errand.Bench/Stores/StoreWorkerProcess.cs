using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Support;

namespace Errand.Bench.Stores;

/// <summary>
/// Starts this program as a <see cref="StoreWorkerCommand"/> child process over a store and reports each agent start
/// it prints (task id, Stopwatch timestamp); returns once the worker is ready.
/// </summary>
internal static class StoreWorkerProcess
{
    public static Process Start(string location, IEnumerable<string> options, Action<long, long> onStarted) =>
        BenchChild.Start(["--store-worker", location, .. options], line =>
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == "started")
            {
                onStarted(long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        });
}
