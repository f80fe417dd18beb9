using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Engine.Tasks;

namespace Errand.Cli.Commands;

/// <summary><c>errand cancel ID</c>.</summary>
internal static class CancelCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = CommandSupport.TaskIdArgument();
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the journal)" };
        var command = new Command("cancel", "Cancel a task; a running one is stopped by its worker, its work so far kept on its branch") { id, reason };
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var taskId = parse.GetValue(id);
            var outcome = await host.Transitions.CancelAsync(taskId, parse.GetValue(reason) ?? "cancelled from the CLI", ct);
            switch (outcome)
            {
                case CancelOutcome.NotFound:
                    await Console.Error.WriteLineAsync($"errand: no task #{taskId}");
                    return ExitCodes.NotFound;
                case CancelOutcome.AlreadyFinished:
                    await Console.Error.WriteLineAsync($"errand: task #{taskId} has already ended");
                    return ExitCodes.InvalidInput;
                case CancelOutcome.Requested:
                    Console.WriteLine($"#{taskId} cancel requested; its worker stops it at the next heartbeat");
                    return ExitCodes.Ok;
                default:
                    Console.WriteLine($"#{taskId} cancelled");
                    return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
