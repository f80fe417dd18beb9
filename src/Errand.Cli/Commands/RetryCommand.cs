using System.CommandLine;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands;

/// <summary><c>errand retry ID</c>: queue a finished task for another attempt.</summary>
internal static class RetryCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = CommandSupport.TaskIdArgument();
        var command = new Command("retry", "Queue a failed, partial or cancelled task again") { id };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var taskId = parse.GetValue(id);
            await backend.RetryAsync(taskId, ct);
            Console.WriteLine($"#{taskId} queued again");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
