using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Tasks;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary><c>errand show ID</c>: a task, its state and its report.</summary>
internal static class ShowCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = CommandSupport.TaskIdArgument();
        var json = GlobalOptions.Json();
        var command = new Command("show", "Show a task: state, branch, commit, checks and evidence") { id, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var view = await backend.ShowAsync(parse.GetValue(id), parse.GetValue(json), ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(view);
            }
            else
            {
                TaskPrinter.Print(AnsiConsole.Console, view, TaskStates.Parse(view.State));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
