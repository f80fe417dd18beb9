using Errand.Specs;
using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>How a submission went: the queued task, or none when the spec has errors; the findings either way.</summary>
/// <param name="Task">The queued task, or null.</param>
/// <param name="Findings">Every finding about the spec.</param>
public sealed record SubmissionResult(TaskRecord? Task, IReadOnlyList<SpecDiagnostic> Findings);
