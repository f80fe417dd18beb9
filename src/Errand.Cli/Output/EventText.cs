using Errand.Application.Journal;
using Errand.Journal;

namespace Errand.Cli.Output;

/// <summary>Renders journal events for people.</summary>
internal static class EventText
{
    public static string Markup(JournalEvent e) => Markup(JournalEventView.From(e));

    public static string Markup(JournalEventView e)
    {
        var time = $"[grey]{e.At.ToLocalTime():HH:mm:ss}[/]";
        var message = Spectre.Console.Markup.Escape(e.Message);
        return e.Kind switch
        {
            JournalKinds.Output => $"{time} [grey]│[/] {(e.Data?.GetRawText().Contains("stderr", StringComparison.Ordinal) == true ? $"[red]{message}[/]" : message)}",
            JournalKinds.State or JournalKinds.Submitted or JournalKinds.Claimed => $"{time} [bold blue]{Kind(e)}[/] [bold]{message}[/]",
            JournalKinds.Warning => $"{time} [bold yellow]warning[/] [yellow]{message}[/]",
            JournalKinds.Error or JournalKinds.ProtectViolation or JournalKinds.LeaseExpired => $"{time} [bold red]{Kind(e)}[/] [red]{message}[/]",
            JournalKinds.Check => $"{time} [bold]{Kind(e)}[/] {(e.Message.Contains("passed", StringComparison.Ordinal) ? $"[green]{message}[/]" : $"[red]{message}[/]")}",
            JournalKinds.PhaseStarted => $"{time} [bold cyan]▶ {message}[/]",
            _ => $"{time} [cyan]{Kind(e)}[/] {message}",
        };
    }

    public static string Plain(JournalEvent e) =>
        e.Kind == JournalKinds.Output ? $"{e.At.ToLocalTime():HH:mm:ss} │ {e.Message}" : $"{e.At.ToLocalTime():HH:mm:ss} {e.Kind} {e.Message}";

    private static string Kind(JournalEventView e) => e.Kind.Replace('_', ' ');
}
