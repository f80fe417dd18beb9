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
            var task = await CommandSupport.FindTaskAsync(host, parse.GetValue(id), ct);
            if (task is null)
            {
                return ExitCodes.NotFound;
            }

            var links = await host.Store.GetLinksAsync(task.Id, ct);
            var view = TaskView.From(task, withSpec: parse.GetValue(json)) with
            {
                After = await LinkedAsync(host, links.Prerequisites, ct),
                Dependants = await LinkedAsync(host, links.Dependants, ct),
            };
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

    private static async Task<IReadOnlyList<LinkedTaskView>> LinkedAsync(ErrandHost host, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var linked = new List<LinkedTaskView>(ids.Count);
        foreach (var id in ids)
        {
            if (await host.Store.GetAsync(id, cancellationToken) is { } task)
            {
                linked.Add(new LinkedTaskView(task.Id, task.Name, task.State.ToWireName()));
            }
        }

        return linked;
    }
}
