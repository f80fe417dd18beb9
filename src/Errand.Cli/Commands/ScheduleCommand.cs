using System.CommandLine;
using Errand.Cli.Commands.Schedules;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands;

/// <summary><c>errand schedule …</c>: routines that submit a task file on a cron (fired by <c>errand worker</c>).</summary>
internal static class ScheduleCommand
{
    public static Command Create(GlobalOptions global) => new("schedule", "Routines: run a task file on a cron, in a time zone")
    {
        ScheduleAddCommand.Create(global),
        ScheduleListCommand.Create(global),
        SchedulePauseCommand.Create(global, pause: true),
        SchedulePauseCommand.Create(global, pause: false),
        ScheduleTriggerCommand.Create(global),
        ScheduleHistoryCommand.Create(global),
        ScheduleRemoveCommand.Create(global),
    };
}
