using Errand.Specs;

namespace Errand.Server.Contracts;

/// <summary>What lint found: ok when no finding is an error.</summary>
/// <param name="Ok">True when the specs can be submitted.</param>
/// <param name="Diagnostics">Every finding, with file, line, column and field.</param>
internal sealed record LintResponse(bool Ok, IReadOnlyList<SpecDiagnostic> Diagnostics);
