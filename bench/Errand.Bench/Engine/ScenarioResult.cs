namespace Errand.Bench.Engine;

internal sealed record ScenarioResult(
    string Name, double IdleP50Ms, double IdleP99Ms, double TasksPerSecond, double LoadP50Ms, double LoadP99Ms, int Tasks)
{
    /// <summary>What a task cost in CPU (and server work) during the burst, where measured.</summary>
    public Stores.StoreCost? Cost { get; init; }
}
