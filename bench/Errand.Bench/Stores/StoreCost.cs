using System.Globalization;

namespace Errand.Bench.Stores;

/// <summary>
/// What one task's full lifecycle cost during a burst, per task: CPU of the submitting process, of the worker process and
/// of the database server's processes (null: SQLite, or a server on another machine), and the server's committed
/// transactions and statements (null when not measured).
/// </summary>
internal sealed record StoreCost(double SubmitterMs, double WorkerMs, double? ServerMs, double? Transactions, double? Statements)
{
    /// <summary>The submitting process's runtime counters over the burst (JIT, allocations, GC).</summary>
    public RuntimeCounters SubmitterRuntime { get; init; }

    /// <summary>The worker process's runtime counters over the burst.</summary>
    public RuntimeCounters WorkerRuntime { get; init; }

    /// <summary>The statements the server spent most execution time on during the burst, per task (null: not measured).</summary>
    public IReadOnlyList<string>? BusiestStatements { get; init; }

    /// <summary>Updates of task rows per task, and the share of them that were HOT (null: not measured).</summary>
    public (double PerTask, double HotShare)? TaskUpdates { get; init; }

    /// <summary>The server's CPU ms per task by kind of process (see <see cref="ServerCounters.CpuByKind"/>; null: not measured).</summary>
    public IReadOnlyDictionary<string, double>? ServerByKind { get; init; }

    /// <summary>CPU a task costs everywhere, in ms.</summary>
    public double TotalMs => SubmitterMs + WorkerMs + (ServerMs ?? 0);

    /// <summary>Tasks per second two otherwise idle cores could carry at this cost: 2,000 CPU-ms a second over <see cref="TotalMs"/>.</summary>
    public double CapacityOnTwoCores => TotalMs > 0 ? 2_000 / TotalMs : double.NaN;

    public static string Format(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
