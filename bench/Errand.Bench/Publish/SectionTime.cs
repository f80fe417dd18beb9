namespace Errand.Bench.Publish;

/// <summary>
/// One section of a publish run: its wall time, what it measured (the sample counts, as the reader should see them)
/// and the median 1-minute load average while it ran (NaN when no load sample fell inside it).
/// </summary>
internal sealed record SectionTime(string Name, string Measured, TimeSpan Wall, double LoadMedian);
