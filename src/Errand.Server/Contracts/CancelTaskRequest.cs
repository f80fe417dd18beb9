namespace Errand.Server.Contracts;

/// <summary>POST /api/tasks/{id}/cancel.</summary>
/// <param name="Reason">Why (recorded in the journal).</param>
internal sealed record CancelTaskRequest(string? Reason);
