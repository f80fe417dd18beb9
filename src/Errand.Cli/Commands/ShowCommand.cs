using System.CommandLine;
using Errand.Application.Tasks;
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
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var view = await new TaskQueries(host.Store, host.Transitions).ShowAsync(parse.GetValue(id), parse.GetValue(json), ct);
            if (view is null)
            {
                await Console.Error.WriteLineAsync($"errand: no task #{parse.GetValue(id)}");
                return ExitCodes.NotFound;
            }

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
