using System.CommandLine;
using Errand.Cli.Backends;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Specs;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary><c>errand lint FILE...</c>: check task files; exit 2 when any has errors.</summary>
internal static class LintCommand
{
    public static Command Create(GlobalOptions global)
    {
        var files = new Argument<string[]>("files") { Description = "Task files to check", Arity = ArgumentArity.OneOrMore };
        var json = GlobalOptions.Json();
        var command = new Command("lint", "Check task files: errors with line, column and field; warnings for specs an agent cannot finish or self-check") { files, json };
        // Linting needs no store: without a server it runs here and opens none.
        command.SetAction((parse, ct) => CommandSupport.ServerOf(parse, global) is null
            ? PrintAsync(parse, json, LocalBackend.LintFilesAsync(parse.GetValue(files) ?? [], ct))
            : CommandSupport.WithBackendAsync(parse, global, backend => PrintAsync(parse, json, backend.LintAsync(parse.GetValue(files) ?? [], ct)), ct));
        return command;
    }

    private static async Task<int> PrintAsync(ParseResult parse, Option<bool> json, Task<IReadOnlyList<SpecDiagnostic>> linting)
    {
        var all = await linting;
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
    }
}
