using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary><c>errand logs ID [-f]</c>: a task's journal, optionally followed live.</summary>
internal static class LogsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = CommandSupport.TaskIdArgument();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing until the task ends" };
        var json = GlobalOptions.Json();
        var command = new Command("logs", "Print a task's journal") { id, follow, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            await foreach (var e in backend.LogsAsync(parse.GetValue(id), parse.GetValue(follow), ct))
            {
                if (parse.GetValue(json))
                {
                    CommandSupport.PrintJsonLine(e);
                }
                else
                {
                    AnsiConsole.MarkupLine(EventText.Markup(e));
                }
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
