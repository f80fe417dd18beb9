using System.CommandLine;
using Errand.Application;
using Errand.Cli.Hosting;
using Errand.Tasks;

namespace Errand.Cli.Commands;

/// <summary><c>errand wait ID</c>: block until a task ends; the exit code says how it ended.</summary>
internal static class WaitCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = CommandSupport.TaskIdArgument();
        var timeout = new Option<string?>("--timeout") { Description = "Give up after this long (e.g. 90s, 10m); exit 124" };
        var json = GlobalOptions.Json();
        var command = new Command("wait", "Wait for a task to end; exit 0 only if it succeeded") { id, timeout, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            TimeSpan? limit = null;
            if (parse.GetValue(timeout) is { } text)
            {
                if (!CliDuration.TryParse(text, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"errand: --timeout: '{text}' is not a duration (e.g. 90s, 10m, 1h)");
                    return ExitCodes.InvalidInput;
                }

                limit = parsed;
            }

            using var deadline = limit is { } l ? new CancellationTokenSource(l, backend.Time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            try
            {
                var task = await backend.WaitAsync(parse.GetValue(id), linked.Token);
                if (parse.GetValue(json))
                {
                    CommandSupport.PrintJson(task);
                }
                else
                {
                    Console.WriteLine($"#{task.Id} {task.State}{(task.Reason is null ? "" : $": {task.Reason}")}");
                }

                return ExitCodes.ForState(TaskStates.Parse(task.State));
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"errand: task #{parse.GetValue(id)} did not end within {limit}");
                return ExitCodes.TimedOut;
            }
        }, ct));
        return command;
    }
}
