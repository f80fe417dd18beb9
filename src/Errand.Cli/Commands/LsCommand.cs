using System.CommandLine;
using System.Globalization;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Storage;
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
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var states = new List<TaskState>();
            foreach (var name in parse.GetValue(state) ?? [])
            {
                if (!TaskStates.TryParse(name, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"errand: unknown state '{name}'");
                    return ExitCodes.InvalidInput;
                }

                states.Add(parsed);
            }

            var tasks = await host.Store.ListAsync(new TaskQuery { States = states, Limit = Math.Max(1, parse.GetValue(limit)) }, ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(tasks.Select(t => TaskView.From(t, withSpec: false)).ToList());
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
                    TaskPrinter.StateMarkup(task.State),
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
