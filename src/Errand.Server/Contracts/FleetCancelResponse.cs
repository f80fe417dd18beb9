namespace Errand.Server.Contracts;

/// <summary>What a fleet cancel did.</summary>
/// <param name="FleetId">The fleet.</param>
/// <param name="CancelledTasks">Its unfinished tasks, now cancelled (running ones stop at their next heartbeat).</param>
internal sealed record FleetCancelResponse(long FleetId, IReadOnlyList<long> CancelledTasks);
