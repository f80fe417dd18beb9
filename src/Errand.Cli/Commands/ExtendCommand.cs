using System.CommandLine;
using Errand.Budgets;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Cli.Commands;

/// <summary><c>errand extend ID --time/--steps/--tokens/--cost</c>: raise a partial task's budget and resume it.</summary>
internal static class ExtendCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = CommandSupport.TaskIdArgument();
        var time = new Option<string?>("--time") { Description = "More wall time, e.g. 15m" };
        var steps = new Option<string?>("--steps") { Description = "More model turns, e.g. 20" };
        var tokens = new Option<string?>("--tokens") { Description = "More tokens, e.g. 200k" };
        var cost = new Option<string?>("--cost") { Description = "More money in US dollars, e.g. 1.50" };
        var command = new Command("extend", "Raise the budget of a task that stopped on it (partial) and resume it from its last checkpoint")
        {
            id, time, steps, tokens, cost,
        };
        command.SetAction((parse, ct) =>
        {
            var (by, field, problem) = BudgetExtension.Parse(parse.GetValue(time), parse.GetValue(steps), parse.GetValue(tokens), parse.GetValue(cost));
            if (by is null)
            {
                Console.Error.WriteLine(field.Length == 0 ? "errand: say what to extend: --time, --steps, --tokens and/or --cost" : $"errand: --{field} {problem}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            return CommandSupport.WithHostAsync(parse, global, async host =>
            {
                var taskId = parse.GetValue(id);
                return await CommandSupport.ReportAsync(await host.Transitions.ExtendAsync(taskId, by, ct), taskId,
                    task => $"#{taskId} budget is now {BudgetText.Describe(TaskSpecJson.Deserialize(task.SpecJson).Budget)}; queued to resume from its last checkpoint",
                    state => "only a task stopped by its budget (partial) can be extended"
                        + (state is TaskState.Failed or TaskState.Cancelled ? $" — `errand retry {taskId}` starts it again" : ""));
            }, ct);
        });
        return command;
    }
}
