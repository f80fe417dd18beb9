using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Support;

namespace Errand.Bench.Publish;

/// <summary>
/// The publish run's clock against its budget (issue 9: the suite finishes within 15 minutes on 2 cores). Times each
/// section, prints it as it ends with the time used so far, and keeps the list for the report. The budget counts from
/// when <c>./bench.sh</c> started (<see cref="StartedVariable"/>, set before its build), so it is the user's whole wait,
/// the build included; run without the script, from this process's start.
/// </summary>
internal sealed class SectionClock
{
    public const string StartedVariable = "ERRAND_BENCH_STARTED";

    public static readonly TimeSpan Budget = TimeSpan.FromMinutes(15);

    private readonly List<SectionTime> _sections = [];
    private readonly LoadSampler _load;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _beforeHarness;

    public SectionClock(LoadSampler load)
    {
        _load = load;

        // Unix seconds (date +%s.%N) when the script began: its build and this process's start-up come before us.
        var before = Environment.GetEnvironmentVariable(StartedVariable) is { } text
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : DateTimeOffset.UtcNow - Process.GetCurrentProcess().StartTime.ToUniversalTime();
        _beforeHarness = before > TimeSpan.Zero ? before : TimeSpan.Zero;
        if (Environment.GetEnvironmentVariable(StartedVariable) is not null)
        {
            _sections.Add(new SectionTime("build (./bench.sh) and start-up", "`dotnet build` of bench/Errand.Bench (incremental after the first) and the harness's start", _beforeHarness, LoadSampler.Now()));
            Print(_sections[^1]);
        }
    }

    public IReadOnlyList<SectionTime> Sections => _sections;

    /// <summary>From the script's start (or this process's) until now.</summary>
    public TimeSpan Elapsed => _beforeHarness + Stopwatch.GetElapsedTime(_started);

    public bool WithinBudget => Elapsed <= Budget;

    public async Task<T> TimeAsync<T>(string name, string measured, Func<Task<T>> section)
    {
        var firstSample = _load.Samples.Count;
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await section();
        }
        finally
        {
            var load = _load.Samples.Skip(firstSample).Order().ToList();
            _sections.Add(new SectionTime(name, measured, Stopwatch.GetElapsedTime(started), load.Count > 0 ? Percentiles.Of(load, 50) : LoadSampler.Now()));
            Print(_sections[^1]);
        }
    }

    public Task TimeAsync(string name, string measured, Func<Task> section) => TimeAsync(name, measured, async () =>
    {
        await section();
        return true;
    });

    private void Print(SectionTime section) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"# time: {section.Name} {section.Wall.TotalSeconds:0.0} s at load ~{section.LoadMedian:0}; {Elapsed.TotalMinutes:0.0} of {Budget.TotalMinutes:0} min used{(Elapsed > Budget ? " (OVER BUDGET)" : "")}"));
}
