using System.CommandLine;
using Errand.Cli.Hosting;
using Spectre.Console;

namespace Errand.Cli.Commands.Schedules;

/// <summary><c>errand schedule ls</c>: every schedule with its next run, in its zone and in UTC.</summary>
internal static class ScheduleListCommand
{
    public static Command Create(GlobalOptions global)
    {
        var json = GlobalOptions.Json();
        var command = new Command("ls", "List schedules with their next run times") { json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var schedules = await backend.ListSchedulesAsync(ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(schedules);
                return ExitCodes.Ok;
            }

            if (schedules.Count == 0)
            {
                AnsiConsole.MarkupLine("[grey]no schedules[/]");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("name").AddColumn("cron").AddColumn("zone").AddColumn("overlap").AddColumn("next run").AddColumn("title");
            foreach (var schedule in schedules)
            {
                table.AddRow(
                    Markup.Escape(schedule.Name),
                    Markup.Escape(schedule.Cron + (schedule.Jitter is { } jitter ? $" ±{jitter}" : "")),
                    Markup.Escape(schedule.TimeZone),
                    Markup.Escape(schedule.Overlap + (schedule.MaxParallel is { } max ? $" (max {max})" : "")),
                    Markup.Escape(ScheduleSupport.NextRunText(schedule) + (schedule.PendingTicks > 0 ? $"; {schedule.PendingTicks} waiting" : "")),
                    Markup.Escape(schedule.Title));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
