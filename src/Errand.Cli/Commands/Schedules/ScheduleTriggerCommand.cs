using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Engine.Scheduling;
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
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            if (await ScheduleSupport.FindAsync(host, parse.GetValue(name)!, ct) is not { } schedule)
            {
                return ExitCodes.NotFound;
            }

            var result = await host.Transitions.DecideTickAsync(ScheduledTask.RunNow(schedule, host.Time.GetUtcNow()), ct);
            if (result.Tick is not { } tick)
            {
                await Console.Error.WriteLineAsync($"errand: schedule '{schedule.Name}' was removed meanwhile");
                return ExitCodes.NotFound;
            }

            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(TickView.From(tick, schedule.Name));
            }
            else if (tick.Outcome == TickOutcome.Fired)
            {
                Console.WriteLine($"schedule {schedule.Name}: task #{tick.TaskId} queued");
            }
            else
            {
                Console.WriteLine($"schedule {schedule.Name}: run {tick.Outcome.ToWireName()} ({tick.Reason})");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
