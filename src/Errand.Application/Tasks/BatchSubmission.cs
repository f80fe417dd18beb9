using Errand.Specs;
using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>How a batch submission went: every task queued, or none and the errors that stopped it.</summary>
/// <param name="Tasks">The queued tasks, in the order of the specs; empty when there are errors.</param>
/// <param name="Errors">Duplicate names, unknown refs and cycles, with file and line (from spec text: with every other finding, warnings too).</param>
public sealed record BatchSubmission(IReadOnlyList<TaskRecord> Tasks, IReadOnlyList<SpecDiagnostic> Errors);
