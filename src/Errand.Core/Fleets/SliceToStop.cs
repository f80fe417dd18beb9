namespace Errand.Fleets;

/// <summary>A released slice of a fleet its failure policy stopped, whose task has not ended nor been asked to stop yet.</summary>
/// <param name="FleetId">The fleet.</param>
/// <param name="TaskId">The slice's task, queued, parked or running.</param>
/// <param name="Reason">Why the fleet stopped (<c>stopped after 3 failed slices (on_failure: stop_after 3)</c>).</param>
public sealed record SliceToStop(long FleetId, long TaskId, string Reason);
