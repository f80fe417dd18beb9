using Errand.Specs;
using Spectre.Console;

namespace Errand.Cli.Output;

/// <summary>Prints spec findings as <c>file:line:col: error CODE [field]: message</c>, to standard error.</summary>
internal static class DiagnosticPrinter
{
    private static readonly IAnsiConsole Stderr = CreateStderr();

    private static IAnsiConsole CreateStderr()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            console.Profile.Width = Hosting.ConsoleWidth.Unwrapped;
        }

        return console;
    }

    public static void Print(IReadOnlyList<SpecDiagnostic> diagnostics, bool toStderr = true)
    {
        foreach (var d in diagnostics)
        {
            var severity = d.Severity == DiagnosticSeverity.Error ? "[bold red]error[/]" : "[bold yellow]warning[/]";
            var field = d.Field is null ? "" : $" [grey][[{Markup.Escape(d.Field)}]][/]";
            (toStderr ? Stderr : AnsiConsole.Console).MarkupLine(
                $"[bold]{Markup.Escape(d.File)}:{d.Line}:{d.Column}[/]: {severity} {d.Code}{field}: {Markup.Escape(d.Message)}");
        }
    }
}
