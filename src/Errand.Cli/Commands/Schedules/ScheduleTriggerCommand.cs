using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Scheduling;

namespace Errand.Cli.Commands.Schedules;

/// <summary><c>errand schedule trigger NAME</c>: run it now, paused or not, within its concurrency limit.</summary>
internal static class ScheduleTriggerCommand
{
    public static Command Create(GlobalOptions global)
    {
        var name = ScheduleSupport.NameArgument();
        var json = GlobalOptions.Json();
        var command = new Command("trigger", "Run a schedule's task now (it waits its turn if the schedule's --max-parallel runs are unfinished)") { name, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var scheduleName = parse.GetValue(name)!;
            var tick = await backend.TriggerScheduleAsync(scheduleName, ct);

            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(tick);
            }
            else if (tick.Outcome == TickOutcome.Fired.ToWireName())
            {
                Console.WriteLine($"schedule {scheduleName}: task #{tick.TaskId} queued");
            }
            else
            {
                Console.WriteLine($"schedule {scheduleName}: run {tick.Outcome} ({tick.Reason})");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
