using System.CommandLine;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands.Schedules;

/// <summary><c>errand schedule pause NAME</c> and <c>resume NAME</c>.</summary>
internal static class SchedulePauseCommand
{
    public static Command Create(GlobalOptions global, bool pause)
    {
        var name = ScheduleSupport.NameArgument();
        var json = GlobalOptions.Json();
        var command = pause
            ? new Command("pause", "Pause a schedule: its ticks do not fire until it is resumed") { name, json }
            : new Command("resume", "Resume a paused schedule from now on (ticks missed while paused are not caught up)") { name, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var schedule = await backend.SetSchedulePausedAsync(parse.GetValue(name)!, pause, ct);

            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(schedule);
            }
            else
            {
                Console.WriteLine(pause
                    ? $"schedule {schedule.Name} paused"
                    : $"schedule {schedule.Name} resumed: next run {ScheduleSupport.NextRunText(schedule)}");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
