using System.CommandLine;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands;

/// <summary><c>errand followup ID "…"</c>: give an ended task more to do, in the same conversation and branch.</summary>
internal static class FollowupCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = CommandSupport.TaskIdArgument();
        var instruction = new Argument<string?>("instruction") { Description = "What to do next", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file", "-f") { Description = "Read the instruction from a file ('-' for standard input)" };
        var command = new Command("followup", "Continue an ended task with another instruction: same branch, same conversation, verified again")
        {
            id, instruction, file,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file);
            if (path is not null and not "-" && !File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"errand: no file '{path}'");
                return ExitCodes.InvalidInput;
            }

            var text = path switch
            {
                null => parse.GetValue(instruction),
                "-" => await Console.In.ReadToEndAsync(ct),
                _ => await File.ReadAllTextAsync(path, ct),
            };
            if (string.IsNullOrWhiteSpace(text) || (parse.GetValue(file) is not null && parse.GetValue(instruction) is not null))
            {
                await Console.Error.WriteLineAsync("errand: give the follow-up instruction as an argument or with --file, not both");
                return ExitCodes.InvalidInput;
            }

            return await CommandSupport.WithBackendAsync(parse, global, async backend =>
            {
                var taskId = parse.GetValue(id);
                await backend.FollowUpAsync(taskId, text, ct);
                Console.WriteLine($"#{taskId} queued with the follow-up; `errand wait {taskId}` or `errand logs {taskId} -f` to follow it");
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
