namespace Errand.Server.Contracts;

/// <summary>POST /api/fleets: a fleet spec (a <c>fleet:</c> section, or <c>attempts: N</c>) as text, as <c>errand fleet run</c> takes a file.</summary>
/// <param name="Spec">The spec text; a local repo must be an absolute path, and the task must be in it (no template file).</param>
internal sealed record FleetRunRequest(string? Spec);
