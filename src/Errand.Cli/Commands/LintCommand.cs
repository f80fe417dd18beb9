using System.CommandLine;
using Errand.Application.Specs;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Cli.Specs;
using Errand.Specs;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary><c>errand lint FILE...</c>: check task files; exit 2 when any has errors.</summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Task files to check", Arity = ArgumentArity.OneOrMore };
        var json = GlobalOptions.Json();
        var command = new Command("lint", "Check task files: errors with line, column and field; warnings for specs an agent cannot finish or self-check") { files, json };
        command.SetAction(async (parse, ct) =>
        {
            var loaded = new List<SpecParseResult>();
            foreach (var file in parse.GetValue(files) ?? [])
            {
                loaded.Add(await SpecFile.LoadAsync(file, ct));
            }

            var all = await SpecLinting.LintAsync(loaded, ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(all);
            }
            else if (all.Count == 0)
            {
                AnsiConsole.MarkupLine("[green]no problems found[/]");
            }
            else
            {
                DiagnosticPrinter.Print(all, toStderr: false);
            }

            return all.Any(d => d.Severity == DiagnosticSeverity.Error) ? ExitCodes.InvalidInput : ExitCodes.Ok;
        });
        return command;
    }
}
