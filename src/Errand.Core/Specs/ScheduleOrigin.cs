namespace Errand.Specs;

/// <summary>The schedule that fired a task, and for which tick (so its end can be reported as the schedule's run).</summary>
/// <param name="Name">The schedule's name.</param>
/// <param name="ScheduleId">The schedule's id.</param>
/// <param name="Tick">The cron instant (UTC) the run is for, or when a manual run was asked for.</param>
/// <param name="Manual">True for <c>errand schedule trigger</c>.</param>
public sealed record ScheduleOrigin(string Name, long ScheduleId, DateTimeOffset Tick, bool Manual);
