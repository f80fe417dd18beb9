using Errand.Application;
using System.CommandLine;
using Errand.Application.Tasks;
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
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
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

            using var deadline = limit is { } l ? new CancellationTokenSource(l) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            try
            {
                while (true)
                {
                    var task = await CommandSupport.FindTaskAsync(host, parse.GetValue(id), linked.Token);
                    if (task is null)
                    {
                        return ExitCodes.NotFound;
                    }

                    // A question ends the wait too: a script blocked on it would wait for ever for someone to notice.
                    if (task.State.IsTerminal() || task.State == TaskState.WaitingForHuman)
                    {
                        if (parse.GetValue(json))
                        {
                            CommandSupport.PrintJson(TaskView.From(task, withSpec: false));
                        }
                        else
                        {
                            Console.WriteLine($"#{task.Id} {task.State.ToWireName()}{(task.Reason is null ? "" : $": {task.Reason}")}");
                        }

                        return ExitCodes.ForState(task.State);
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200), linked.Token);
                }
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
