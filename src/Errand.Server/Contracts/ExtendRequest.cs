namespace Errand.Server.Contracts;

/// <summary>POST /api/tasks/{id}/extend: how much more budget a partial task gets (at least one).</summary>
/// <param name="Time">More wall time, e.g. 15m.</param>
/// <param name="Steps">More model turns, e.g. 20.</param>
/// <param name="Tokens">More tokens, e.g. 200k.</param>
/// <param name="Cost">More US dollars, e.g. 1.50.</param>
internal sealed record ExtendRequest(string? Time, string? Steps, string? Tokens, string? Cost);
