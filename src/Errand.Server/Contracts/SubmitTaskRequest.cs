namespace Errand.Server.Contracts;

/// <summary>POST /api/tasks: the spec as text (front matter and body), as in a task file.</summary>
/// <param name="Spec">The spec text; a local repo must be an absolute path.</param>
/// <param name="Model">Run on this provider/model instead of the spec's.</param>
internal sealed record SubmitTaskRequest(string? Spec, string? Model);
