using System.CommandLine;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands;

/// <summary><c>errand cancel ID</c>.</summary>
internal static class CancelCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = CommandSupport.TaskIdArgument();
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the journal)" };
        var command = new Command("cancel", "Cancel a task; a running one is stopped by its worker, its work so far kept on its branch") { id, reason };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var taskId = parse.GetValue(id);
            Console.WriteLine(await backend.CancelAsync(taskId, parse.GetValue(reason) ?? "cancelled from the CLI", ct) == "requested"
                ? $"#{taskId} cancel requested; its worker stops it at the next heartbeat"
                : $"#{taskId} cancelled");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
