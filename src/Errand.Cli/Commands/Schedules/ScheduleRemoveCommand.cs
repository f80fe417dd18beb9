using System.CommandLine;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands.Schedules;

/// <summary><c>errand schedule rm NAME</c>: remove a schedule and its history; the tasks it fired stay.</summary>
internal static class ScheduleRemoveCommand
{
    public static Command Create(GlobalOptions global)
    {
        var name = ScheduleSupport.NameArgument();
        var json = GlobalOptions.Json();
        var command = new Command("rm", "Remove a schedule and its history (the tasks it fired stay)") { name, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var scheduleName = parse.GetValue(name)!;
            await backend.RemoveScheduleAsync(scheduleName, ct);

            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(new { Name = scheduleName, Removed = true });
            }
            else
            {
                Console.WriteLine($"schedule {scheduleName} removed");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
