namespace Errand.Limits;

/// <summary>A limit on how many tasks of a scope may run at once, and how many do.</summary>
/// <param name="Scope">What it applies to (<see cref="LimitScopes"/>).</param>
/// <param name="MaxRunning">At most this many running at once; more wait queued.</param>
/// <param name="Running">How many of the scope's tasks are running now (when listed).</param>
public sealed record ConcurrencyLimit(string Scope, int MaxRunning, int Running = 0);
