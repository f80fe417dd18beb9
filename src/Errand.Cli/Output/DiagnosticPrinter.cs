using Errand.Specs;
using Spectre.Console;

namespace Errand.Cli.Output;

/// <summary>Prints spec findings as <c>file:line:col: error CODE [field]: message</c>.</summary>
internal static class DiagnosticPrinter
{
    public static void Print(IReadOnlyList<SpecDiagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var severity = d.Severity == DiagnosticSeverity.Error ? "[bold red]error[/]" : "[bold yellow]warning[/]";
            var field = d.Field is null ? "" : $" [grey]\\[{Markup.Escape(d.Field)}][/]";
            AnsiConsole.Console.MarkupLine(
                $"[bold]{Markup.Escape(d.File)}:{d.Line}:{d.Column}[/]: {severity} {d.Code}{field}: {Markup.Escape(d.Message)}");
        }
    }
}
