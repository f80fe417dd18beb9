namespace Errand.Specs;

/// <summary>The outcome of parsing a spec: the spec when there are no errors, and every finding.</summary>
/// <param name="Spec">The spec, or null when any error was found.</param>
/// <param name="Diagnostics">Errors and warnings in file order.</param>
public sealed record SpecParseResult(TaskSpec? Spec, IReadOnlyList<SpecDiagnostic> Diagnostics)
{
    /// <summary>True when there are errors.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The path shown in diagnostics, as given to the parser.</summary>
    public string File { get; init; } = "";

    /// <summary>
    /// Where each field was written, keyed by its dotted path (<c>title</c>, <c>budget.time</c>,
    /// <c>verify[1].run</c>, <c>protect[0]</c>), so later checks can point at the field they are about.
    /// A key maps to where the key was written; a list item to where the item starts.
    /// </summary>
    public IReadOnlyDictionary<string, SourcePosition> Positions { get; init; } =
        new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
}
