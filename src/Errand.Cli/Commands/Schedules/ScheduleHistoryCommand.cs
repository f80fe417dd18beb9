using System.CommandLine;
using System.Globalization;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Tasks;
using Spectre.Console;

namespace Errand.Cli.Commands.Schedules;

/// <summary><c>errand schedule history NAME</c>: its ticks, newest first, with what became of each and its task.</summary>
internal static class ScheduleHistoryCommand
{
    public static Command Create(GlobalOptions global)
    {
        var name = ScheduleSupport.NameArgument();
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many ticks", DefaultValueFactory = _ => 20 };
        var json = GlobalOptions.Json();
        var command = new Command("history", "Show a schedule's fired, skipped, waiting and missed ticks, newest first") { name, limit, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var scheduleName = parse.GetValue(name)!;
            var ticks = await backend.ScheduleHistoryAsync(scheduleName, parse.GetValue(limit), ct);

            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(ticks);
                return ExitCodes.Ok;
            }

            if (ticks.Count == 0)
            {
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(scheduleName)} has not ticked yet[/]");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("tick (UTC)").AddColumn("outcome").AddColumn(new TableColumn("task").RightAligned()).AddColumn("state").AddColumn("note");
            foreach (var tick in ticks)
            {
                var note = string.Join("; ", new[]
                {
                    tick.Manual ? "run by hand" : null,
                    tick.Missed > 0 ? $"stands for {tick.Missed} missed" : null,
                    tick.Reason,
                }.Where(n => n is not null));
                table.AddRow(
                    ScheduleSupport.Time(tick.Tick),
                    tick.Outcome,
                    tick.TaskId?.ToString(CultureInfo.InvariantCulture) ?? "",
                    tick.TaskState is { } state ? TaskPrinter.StateMarkup(TaskStates.Parse(state)) : "",
                    Markup.Escape(note));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
