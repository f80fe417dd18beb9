using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Cli.Output;

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
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var scheduleName = parse.GetValue(name)!;
            var schedule = await host.Store.SetPausedAsync(scheduleName, pause, ct);
            if (schedule is null)
            {
                await Console.Error.WriteLineAsync($"errand: no schedule named '{scheduleName}'");
                return ExitCodes.NotFound;
            }

            var now = host.Time.GetUtcNow();
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(ScheduleView.From(schedule, now));
            }
            else
            {
                Console.WriteLine(pause
                    ? $"schedule {schedule.Name} paused"
                    : $"schedule {schedule.Name} resumed: next run {ScheduleSupport.NextRunText(schedule, now)}");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
