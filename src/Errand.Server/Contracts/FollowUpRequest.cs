namespace Errand.Server.Contracts;

/// <summary>POST /api/tasks/{id}/followup: more to do for an ended task, on its branch, in its conversation.</summary>
/// <param name="Instruction">What to do next.</param>
internal sealed record FollowUpRequest(string? Instruction);
