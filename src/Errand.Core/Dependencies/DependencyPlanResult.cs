using Errand.Specs;

namespace Errand.Dependencies;

/// <summary>A batch's resolved prerequisites, one list per spec in order, or the errors that stop it.</summary>
/// <param name="After">Each spec's prerequisites, resolved (empty when there are errors).</param>
/// <param name="Diagnostics">Errors found across the batch: duplicate names, unknown refs, cycles.</param>
public sealed record DependencyPlanResult(IReadOnlyList<IReadOnlyList<Prerequisite>> After, IReadOnlyList<SpecDiagnostic> Diagnostics)
{
    /// <summary>True when the batch must not be submitted.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
