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
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var taskId = parse.GetValue(id);
            return await CommandSupport.ReportAsync(await host.Transitions.RetryAsync(taskId, ct), taskId,
                _ => $"#{taskId} queued again", _ => "only an ended task can be retried");
        }, ct));
        return command;
    }
}
