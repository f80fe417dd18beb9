using Errand.Application.Schedules;
using Errand.Specs;

namespace Errand.Cli.Backends;

/// <summary>How <c>errand schedule add</c> went: the schedule, or none when its spec has errors or its name is taken.</summary>
internal sealed record ScheduleAddition(ScheduleView? Schedule, IReadOnlyList<SpecDiagnostic> Findings, bool NameTaken);
