using System.CommandLine;
using System.Globalization;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Tasks;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary><c>errand ls</c>: recent tasks, newest first.</summary>
internal static class LsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var state = new Option<string[]>("--state", "-s") { Description = "Only tasks in these states (queued, running, succeeded, failed, ...)", AllowMultipleArgumentsPerToken = true };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many", DefaultValueFactory = _ => 20 };
        var json = GlobalOptions.Json();
        var command = new Command("ls", "List tasks, newest first") { state, limit, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var states = new List<string>();
            foreach (var name in parse.GetValue(state) ?? [])
            {
                if (!TaskStates.TryParse(name, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"errand: unknown state '{name}'");
                    return ExitCodes.InvalidInput;
                }

                states.Add(parsed.ToWireName());
            }

            var tasks = await backend.ListAsync(states, Math.Clamp(parse.GetValue(limit), 1, TaskQueries.MaxLimit), ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(tasks);
                return ExitCodes.Ok;
            }

            if (tasks.Count == 0)
            {
                AnsiConsole.MarkupLine("[grey]no tasks[/]");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn(new TableColumn("id").RightAligned()).AddColumn("state").AddColumn("title").AddColumn("reason").AddColumn("updated");
            foreach (var task in tasks)
            {
                table.AddRow(
                    task.Id.ToString(CultureInfo.InvariantCulture),
                    TaskPrinter.StateMarkup(TaskStates.Parse(task.State)),
                    Markup.Escape(task.Title),
                    Markup.Escape(task.Reason ?? ""),
                    task.UpdatedAt.ToLocalTime().ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
