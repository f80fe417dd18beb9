namespace Errand.Chaos.Scenario;

/// <summary>How throughput came back after a server fault.</summary>
/// <param name="Name">The fault.</param>
/// <param name="Note">What injecting it reported.</param>
/// <param name="RecoveredAfterSeconds">Seconds until completions ran at 80% of the 10 s before it; null if never.</param>
internal sealed record FaultRecovery(string Name, string Note, double? RecoveredAfterSeconds);
