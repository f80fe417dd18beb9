using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Cli.Commands;

/// <summary><c>errand retry ID</c>: queue a finished task for another attempt.</summary>
internal static class RetryCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = CommandSupport.TaskIdArgument();
        var command = new Command("retry", "Queue a failed, partial or cancelled task again") { id };
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var taskId = parse.GetValue(id);
            var outcome = await host.Transitions.RetryAsync(taskId, ct);
            switch (outcome.Status)
            {
                case TransitionStatus.Applied:
                    Console.WriteLine($"#{taskId} queued again");
                    return ExitCodes.Ok;
                case TransitionStatus.NotFound:
                    await Console.Error.WriteLineAsync($"errand: no task #{taskId}");
                    return ExitCodes.NotFound;
                default:
                    await Console.Error.WriteLineAsync(
                        $"errand: task #{taskId} is {outcome.Current?.State.ToWireName()}; only an ended task can be retried");
                    return ExitCodes.InvalidInput;
            }
        }, ct));
        return command;
    }
}
