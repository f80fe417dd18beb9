using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Engine.Tasks;
using Errand.Tasks;

namespace Errand.Cli.Commands;

/// <summary><c>errand answer ID ANSWER…</c>: answer the question a task waits on; any worker then resumes it.</summary>
internal static class AnswerCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = CommandSupport.TaskIdArgument();
        var answer = new Argument<string[]>("answer") { Description = "One of the options (or its number), or free text", Arity = ArgumentArity.OneOrMore };
        var by = new Option<string?>("--by") { Description = "Who answers (default: your user name)" };
        var json = GlobalOptions.Json();
        var command = new Command("answer", "Answer the question a task is waiting on (see `errand inbox`); the task resumes with it") { id, answer, by, json };
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var taskId = parse.GetValue(id);
            var text = string.Join(' ', parse.GetValue(answer) ?? []);
            var who = parse.GetValue(by) is { Length: > 0 } named ? named : Environment.UserName;
            var outcome = await host.Transitions.AnswerAsync(taskId, text, who, ct);
            switch (outcome.Status)
            {
                case AnswerStatus.Answered:
                    if (parse.GetValue(json))
                    {
                        CommandSupport.PrintJson(new { task_id = taskId, state = outcome.Task!.State, answer = outcome.Answer });
                    }
                    else
                    {
                        Console.WriteLine($"#{taskId} answered: {outcome.Answer!.Text} — {outcome.Task!.State.ToWireName()}"
                            + (outcome.Task.State == TaskState.Queued ? "; any worker resumes it" : $" ({outcome.Task.Reason})"));
                    }

                    return ExitCodes.Ok;
                case AnswerStatus.NotFound:
                    await Console.Error.WriteLineAsync($"errand: no task #{taskId}");
                    return ExitCodes.NotFound;
                case AnswerStatus.Invalid:
                    await Console.Error.WriteLineAsync($"errand: #{taskId}: {outcome.Problem}");
                    return ExitCodes.InvalidInput;
                default:
                    await Console.Error.WriteLineAsync(
                        $"errand: task #{taskId} is {outcome.Task?.State.ToWireName()} and waits for no answer (answered already, or it never asked)");
                    return ExitCodes.InvalidInput;
            }
        }, ct));
        return command;
    }
}
