using System.CommandLine;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
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
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var task = await CommandSupport.FindTaskAsync(host, parse.GetValue(id), ct);
            if (task is null)
            {
                return ExitCodes.NotFound;
            }

            var view = TaskView.From(task, withSpec: parse.GetValue(json));
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(view);
            }
            else
            {
                TaskPrinter.Print(AnsiConsole.Console, view, task.State);
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
