namespace Errand.Specs;

/// <summary>One finding about a spec, pointing at where it is.</summary>
/// <param name="Severity">Error (the spec cannot run) or warning (it can, but probably should not).</param>
/// <param name="Code">A stable code, e.g. <c>E012</c> or <c>W003</c>.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it.</param>
/// <param name="File">The spec's file, or a placeholder for text not from a file.</param>
/// <param name="Line">1-based line in the file.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Field">The dotted field path (e.g. <c>budget.time</c>), or null for the file as a whole.</param>
public sealed record SpecDiagnostic(
    DiagnosticSeverity Severity, string Code, string Message, string File, int Line, int Column, string? Field)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}"
        + (Field is null ? "" : $" [{Field}]") + $": {Message}";
}

/// <summary>How bad a finding is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Runs, but likely cannot finish or self-check.</summary>
    Warning,

    /// <summary>Cannot run.</summary>
    Error,
}
