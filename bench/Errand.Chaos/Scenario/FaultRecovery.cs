namespace Errand.Chaos.Scenario;

/// <summary>How throughput came back after a server fault.</summary>
/// <param name="Name">The fault.</param>
/// <param name="Note">What injecting it reported.</param>
/// <param name="RecoveredAfterSeconds">Seconds until completions ran at 80% of the 10 s before it; null if never.</param>
/// <param name="Baseline">Completions per second in the 10 s before it.</param>
/// <param name="After">Completions in each of the 15 seconds from it.</param>
internal sealed record FaultRecovery(string Name, string Note, double? RecoveredAfterSeconds, double Baseline, IReadOnlyList<int> After);
