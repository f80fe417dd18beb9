using System.CommandLine;
using Errand.Budgets;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Cli.Backends;

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
            var more = new BudgetAmounts(parse.GetValue(time), parse.GetValue(steps), parse.GetValue(tokens), parse.GetValue(cost));
            var (by, field, problem) = BudgetExtension.Parse(more.Time, more.Steps, more.Tokens, more.Cost);
            if (by is null)
            {
                Console.Error.WriteLine(field.Length == 0 ? "errand: say what to extend: --time, --steps, --tokens and/or --cost" : $"errand: --{field} {problem}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            return CommandSupport.WithBackendAsync(parse, global, async backend =>
            {
                var taskId = parse.GetValue(id);
                var task = await backend.ExtendAsync(taskId, more, ct);
                Console.WriteLine($"#{taskId} budget is now {BudgetText.Describe(task.Spec!.Budget)}; queued to resume from its last checkpoint");
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
