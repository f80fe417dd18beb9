using Errand.Scheduling;
using Errand.Specs;

namespace Errand.Application.Schedules;

/// <summary>How adding a schedule went: the schedule, or none when its spec has errors or its name is taken.</summary>
/// <param name="Schedule">The added schedule, or null.</param>
/// <param name="Findings">Every finding about its spec.</param>
/// <param name="NameTaken">True when a schedule of that name already exists.</param>
public sealed record ScheduleAdded(ScheduleRecord? Schedule, IReadOnlyList<SpecDiagnostic> Findings, bool NameTaken);
