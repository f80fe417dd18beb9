using System.Globalization;
using System.Runtime;

namespace Errand.Bench.Stores;

/// <summary>
/// Where a .NET process's CPU goes besides the work itself, as the runtime counts it: time spent compiling and methods compiled (the JIT,
/// every tier), bytes allocated, time the GC paused the process, collections. Read before and after a burst, in the
/// worker process (it prints them when asked, <see cref="Line"/>) and in this one, and subtracted.
/// </summary>
internal readonly record struct RuntimeCounters(double JitMs, long JitMethods, long AllocatedBytes, double GcPauseMs, int Collections)
{
    private const string Prefix = "runtime ";

    public static RuntimeCounters Now() => new(
        JitInfo.GetCompilationTime().TotalMilliseconds,
        JitInfo.GetCompiledMethodCount(),
        GC.GetTotalAllocatedBytes(precise: false),
        GC.GetTotalPauseDuration().TotalMilliseconds,
        GC.CollectionCount(0));

    public string Line => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{JitMs} {JitMethods} {AllocatedBytes} {GcPauseMs} {Collections}");

    public static bool TryParse(string line, out RuntimeCounters counters)
    {
        counters = default;
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = line[Prefix.Length..].Split(' ');
        counters = new RuntimeCounters(
            double.Parse(parts[0], CultureInfo.InvariantCulture),
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture),
            int.Parse(parts[4], CultureInfo.InvariantCulture));
        return true;
    }

    public static RuntimeCounters operator -(RuntimeCounters after, RuntimeCounters before) => new(
        after.JitMs - before.JitMs, after.JitMethods - before.JitMethods, after.AllocatedBytes - before.AllocatedBytes, after.GcPauseMs - before.GcPauseMs, after.Collections - before.Collections);

    /// <summary>Per task, for the round's line: JIT ms (wall time, inflated on a loaded machine) and methods compiled, KB allocated, GC pause ms, collections per 1,000 tasks.</summary>
    public string PerTask(int tasks) => string.Create(CultureInfo.InvariantCulture,
        $"JIT {JitMs / tasks:0.000} ms (wall) for {JitMethods * 1000.0 / tasks:0} methods per 1,000, {AllocatedBytes / 1024.0 / tasks:0.0} KB allocated, GC pause {GcPauseMs / tasks:0.000} ms, {Collections * 1000.0 / tasks:0.0} gen0+ GCs per 1,000");
}
