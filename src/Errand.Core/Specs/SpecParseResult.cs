namespace Errand.Specs;

/// <summary>The outcome of parsing a spec: the spec when there are no errors, and every finding.</summary>
/// <param name="Spec">The spec, or null when any error was found.</param>
/// <param name="Diagnostics">Errors and warnings in file order.</param>
public sealed record SpecParseResult(TaskSpec? Spec, IReadOnlyList<SpecDiagnostic> Diagnostics)
{
    /// <summary>True when there are errors.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
