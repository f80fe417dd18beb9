using Errand.Application.Tasks;
using Errand.Specs;

namespace Errand.Cli.Backends;

/// <summary>How a submission went: the queued tasks (none when there were errors) and every finding.</summary>
internal sealed record SubmitOutcome(IReadOnlyList<TaskView> Tasks, IReadOnlyList<SpecDiagnostic> Findings);
