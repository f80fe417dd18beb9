using System.CommandLine;
using System.Globalization;
using Errand.Cli.Hosting;
using Errand.Application.Limits;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary>
/// <c>errand limits set|rm|ls</c>: concurrency limits kept in the store, so every worker on every host claims under the
/// same ones. Tasks over a limit wait queued; nothing is rejected.
/// </summary>
internal static class LimitsCommand
{
    public static Command Create(GlobalOptions global) => new("limits", "Concurrency limits, global and per repository: work over them waits queued")
    {
        Set(global),
        Remove(global),
        List(global),
    };

    private static Command Set(GlobalOptions global)
    {
        var (scope, repo) = ScopeOptions();
        var max = new Argument<int>("max") { Description = "At most this many tasks of the scope running at once (1 or more)" };
        var command = new Command("set", "Set a limit: errand limits set --global 8, or errand limits set --repo PATH-OR-URL 2") { scope, repo, max };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            if (await ScopeOrReportAsync(parse.GetValue(scope), parse.GetValue(repo)) is null)
            {
                return ExitCodes.InvalidInput;
            }

            var set = await backend.SetLimitAsync(parse.GetValue(scope), parse.GetValue(repo), parse.GetValue(max), ct);
            Console.WriteLine($"{set.Scope}: at most {set.MaxRunning.ToString(CultureInfo.InvariantCulture)} running");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Remove(GlobalOptions global)
    {
        var (scope, repo) = ScopeOptions();
        var command = new Command("rm", "Remove a limit") { scope, repo };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            if (await ScopeOrReportAsync(parse.GetValue(scope), parse.GetValue(repo)) is not { } chosen)
            {
                return ExitCodes.InvalidInput;
            }

            await backend.RemoveLimitAsync(parse.GetValue(scope), parse.GetValue(repo), ct);
            Console.WriteLine($"{chosen}: no limit");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command List(GlobalOptions global)
    {
        var json = GlobalOptions.Json();
        var command = new Command("ls", "List the limits with how many tasks of each run now") { json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var limits = await backend.ListLimitsAsync(ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(limits);
                return ExitCodes.Ok;
            }

            if (limits.Count == 0)
            {
                AnsiConsole.MarkupLine("[grey]no limits: every queued task may start[/]");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumn("scope").AddColumn(new TableColumn("running").RightAligned()).AddColumn(new TableColumn("max").RightAligned());
            foreach (var limit in limits)
            {
                table.AddRow(Markup.Escape(limit.Scope), limit.Running.ToString(CultureInfo.InvariantCulture), limit.MaxRunning.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static (Option<bool> Global, Option<string?> Repo) ScopeOptions() =>
        (new Option<bool>("--global") { Description = "Every task" },
         new Option<string?>("--repo") { Description = "The tasks of one repository: a local path (relative to here) or a git URL, as specs name it" });

    private static async Task<string?> ScopeOrReportAsync(bool global, string? repo)
    {
        var (scope, field, problem) = LimitService.ScopeOf(global, repo, relativeAllowed: true);
        if (scope is null)
        {
            await Console.Error.WriteLineAsync(field == "scope" ? "errand: give either --global or --repo PATH-OR-URL" : $"errand: --repo {problem}");
        }

        return scope;
    }
}
