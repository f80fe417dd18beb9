using System.Globalization;
using Errand.Bench.Floor;
using Errand.Bench.Peers;
using Errand.Bench.Reclaim;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Errand.Bench.Publish;

/// <summary>The published PNG plots (ScottPlot, rendered through SkiaSharp; no display needed).</summary>
internal static class Plots
{
    private const int Width = 1000;
    private const int Height = 560;

    /// <summary>Cumulative distributions of enqueue→start latency per system, on a log time axis.</summary>
    public static void LatencyCdf(string path, string title, IReadOnlyList<PeerResult> results, Func<PeerResult, IReadOnlyList<double>> samples)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var result in results)
        {
            var sorted = samples(result);
            if (sorted.Count == 0)
            {
                i++;
                continue;
            }

            var xs = sorted.Select(ms => Math.Log10(Math.Max(ms, 0.01))).ToArray();
            var ys = Enumerable.Range(1, sorted.Count).Select(n => 100.0 * n / sorted.Count).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = $"{result.Name} on {result.Engine}";
            line.Color = palette.GetColor(i++);
            line.LineWidth = 2;
            line.LinePattern = result.Engine == "SQLite" ? LinePattern.Solid : LinePattern.Dashed;
        }

        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Title(title);
        plot.XLabel("enqueue → start (ms, log scale)");
        plot.YLabel("% of jobs started within");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Throughput per system beside the floor (durable commits per second), on a log axis.</summary>
    public static void Throughput(string path, IReadOnlyList<PeerResult> results, IReadOnlyList<FloorResult> floor)
    {
        var plot = new Plot();
        var rows = floor.Select(f => (Label: $"floor: {f.Engine}, {f.Writers} writer{(f.Writers == 1 ? "" : "s")} (commits/s)", Value: f.CommitsPerSecond, Color: Colors.Gray))
            .Concat(results.Select(r => (Label: $"{r.Name} on {r.Engine} (jobs/s)", Value: r.TasksPerSecond, Color: r.Name == "Errand" ? Colors.SteelBlue : Colors.DarkOrange)))
            .ToList();
        var bars = rows.Select((row, index) => new Bar
        {
            Position = rows.Count - index,
            Value = Math.Log10(Math.Max(row.Value, 1)),
            FillColor = row.Color,
            Label = row.Value.ToString("N0", CultureInfo.InvariantCulture),
            Orientation = Orientation.Horizontal,
        }).ToList();
        var plotted = plot.Add.Bars(bars);
        plotted.Horizontal = true;
        plot.Axes.Left.SetTicks(bars.Select(b => b.Position).ToArray(), rows.Select(r => r.Label).ToArray());
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.SetLimitsX(0, Math.Ceiling(bars.Max(b => b.Value)) + 0.3);
        plot.Title("No-op jobs: throughput against the durable-commit floor");
        plot.XLabel("per second (log scale)");
        plot.SavePng(path, Width, Height + 80);
    }

    /// <summary>Kill → started again per orphan, against the lease setting, with the lease itself as a line.</summary>
    public static void Reclaim(string path, IReadOnlyList<ReclaimSample> samples)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var store in samples.GroupBy(s => s.Store))
        {
            var points = plot.Add.ScatterPoints(store.Select(s => s.Lease.TotalSeconds).ToArray(), store.Select(s => s.KillToRestartMs / 1000).ToArray());
            points.LegendText = $"{store.Key}: kill → started again on another worker";
            points.MarkerSize = 9;
            points.Color = palette.GetColor(i++);
        }

        var max = samples.Count == 0 ? 1 : samples.Max(s => s.Lease.TotalSeconds);
        var lease = plot.Add.Line(0, 0, max * 1.1, max * 1.1);
        lease.LegendText = "the lease";
        lease.LinePattern = LinePattern.Dotted;
        plot.Title("Orphaned task reclaimed after its worker was killed (SIGKILL)");
        plot.XLabel("lease (s)");
        plot.YLabel("kill → started again (s)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    private static NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = x => Math.Pow(10, x).ToString("0.###", CultureInfo.InvariantCulture),
    };
}
