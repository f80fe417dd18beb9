namespace Errand.Server.Contracts;

/// <summary>POST /api/lint: spec texts checked as <c>errand lint</c> checks files (one batch: duplicate names and cycles among them).</summary>
/// <param name="Specs">The spec texts; findings name them specs[0], specs[1], ...</param>
internal sealed record LintRequest(IReadOnlyList<string>? Specs);
