namespace Errand.Server.Contracts;

/// <summary>What a cancel did: <c>cancelled</c>, or <c>requested</c> for a running task (its worker stops it at its next heartbeat).</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Outcome">cancelled or requested.</param>
internal sealed record CancelResponse(long TaskId, string Outcome);
