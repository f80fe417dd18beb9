using Errand.Specs;

namespace Errand.Application.Specs;

/// <summary>A spec after every check: runnable when <see cref="Spec"/> is set; the findings either way.</summary>
/// <param name="Spec">The spec to run, or null when it has errors.</param>
/// <param name="Findings">Every finding, errors and warnings, in order.</param>
public sealed record CheckedSpec(TaskSpec? Spec, IReadOnlyList<SpecDiagnostic> Findings);
