namespace Errand.Fleets;

/// <summary>The fleet a task belongs to.</summary>
/// <param name="FleetId">The fleet.</param>
/// <param name="Slice">The slice index; null for the fan-in task.</param>
public sealed record FleetMembership(long FleetId, int? Slice);
