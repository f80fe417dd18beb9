using System.CommandLine;
using System.Globalization;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary><c>errand inbox</c>: the tasks waiting for a human, oldest question first, with what they ask.</summary>
internal static class InboxCommand
{
    public static Command Create(GlobalOptions global)
    {
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many", DefaultValueFactory = _ => 50 };
        var json = GlobalOptions.Json();
        var command = new Command("inbox", "List the questions tasks are waiting on; answer with `errand answer`") { limit, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var items = await backend.InboxAsync(Math.Clamp(parse.GetValue(limit), 1, TaskQueries.MaxLimit), ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(items);
                return ExitCodes.Ok;
            }

            if (items.Count == 0)
            {
                AnsiConsole.MarkupLine("[grey]no questions waiting[/]");
                return ExitCodes.Ok;
            }

            var now = backend.Time.GetUtcNow();
            foreach (var item in items)
            {
                AnsiConsole.MarkupLine($"[yellow]#{item.TaskId.ToString(CultureInfo.InvariantCulture)}[/] [bold]{Markup.Escape(item.Title)}[/] "
                    + $"[grey]({Markup.Escape(item.Question.Kind)}, asked {QuestionText.Ago(now - item.AskedAt)} ago)[/]");
                foreach (var line in QuestionText.Lines(item.TaskId, item.Question, now))
                {
                    AnsiConsole.MarkupLine("    " + Markup.Escape(line));
                }

                AnsiConsole.WriteLine();
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
