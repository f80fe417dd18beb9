namespace Errand.Bench.Startup;

/// <summary>One start of one CLI build: wall time from exec to the measure's end, and the CPU the process (and the children it reaped) used by then.</summary>
internal sealed record StartupSample(string Measure, string Cli, double WallMs, double CpuMs);
