namespace Errand.Bench.Engine;

internal sealed record ScenarioResult(
    string Name, double IdleP50Ms, double IdleP99Ms, double TasksPerSecond, double LoadP50Ms, double LoadP99Ms, int Tasks);
