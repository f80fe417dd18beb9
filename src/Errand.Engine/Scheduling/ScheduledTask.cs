using Errand.Scheduling;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Engine.Scheduling;

/// <summary>The task a schedule's tick enqueues: the schedule's spec, marked with the schedule and the tick it is for.</summary>
public static class ScheduledTask
{
    /// <summary>The request for a cron tick the planner found due.</summary>
    public static TickRequest ForTick(ScheduleRecord schedule, TickPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var tick = plan.Tick ?? throw new ArgumentException("the plan has no tick", nameof(plan));
        return new TickRequest(schedule.Id, tick, Task(schedule, tick, manual: false)) { Missed = plan.Missed, Late = plan.Late, PlannedFrom = schedule.Cursor };
    }

    /// <summary>The request for a run asked for by hand at <paramref name="now"/>.</summary>
    public static TickRequest RunNow(ScheduleRecord schedule, DateTimeOffset now) =>
        new(schedule.Id, now, Task(schedule, now, manual: true)) { Manual = true };

    private static NewTask Task(ScheduleRecord schedule, DateTimeOffset tick, bool manual)
    {
        var spec = TaskSpecJson.Deserialize(schedule.SpecJson) with
        {
            Schedule = new ScheduleOrigin(schedule.Name, schedule.Id, tick, manual),
        };
        return new NewTask(schedule.Title, TaskSpecJson.Serialize(spec)) { MaxAttempts = schedule.MaxAttempts };
    }
}
