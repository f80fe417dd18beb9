namespace Errand.Bench.Reclaim;

/// <summary>One orphan: the store, the lease setting, and the time from the kill of its worker to its start on another worker.</summary>
internal sealed record ReclaimSample(string Store, TimeSpan Lease, double KillToRestartMs);
