namespace Errand.Server.Contracts;

/// <summary>POST /api/tasks/batch: several specs queued all or none (<c>after:</c> refs resolve by name within the batch first).</summary>
/// <param name="Specs">The spec texts; findings name them specs[0], specs[1], ...</param>
/// <param name="Model">Run them on this provider/model instead of their own.</param>
internal sealed record SubmitBatchRequest(IReadOnlyList<string>? Specs, string? Model);
