using System.CommandLine;
using Errand.Cli.Hosting;
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
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var taskId = parse.GetValue(id);
            var text = string.Join(' ', parse.GetValue(answer) ?? []);
            var who = parse.GetValue(by) is { Length: > 0 } named ? named : Environment.UserName;
            var (task, answered) = await backend.AnswerAsync(taskId, text, who, ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(new { task_id = taskId, state = task.State, answer = answered });
            }
            else
            {
                Console.WriteLine($"#{taskId} answered: {answered.Text} — {task.State}"
                    + (task.State == TaskState.Queued.ToWireName() ? "; any worker resumes it" : $" ({task.Reason})"));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
