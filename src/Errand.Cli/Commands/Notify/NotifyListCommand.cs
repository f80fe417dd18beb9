using System.CommandLine;
using System.Globalization;
using Errand.Cli.Hosting;
using Spectre.Console;

namespace Errand.Cli.Commands.Notify;

/// <summary><c>errand notify ls</c>: outbox rows, newest first; <c>--failed</c> for those given up or retrying.</summary>
internal static class NotifyListCommand
{
    public static Command Create(GlobalOptions global)
    {
        var failed = new Option<bool>("--failed") { Description = "Only notifications that failed: given up (dead) or waiting to try again" };
        var pending = new Option<bool>("--pending") { Description = "Only notifications not delivered yet" };
        var task = new Option<long?>("--task") { Description = "Only this task's notifications" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many", DefaultValueFactory = _ => 50 };
        var json = GlobalOptions.Json();
        var command = new Command("ls", "List notifications, newest first: delivery id, channel, event, attempts, state, last error") { failed, pending, task, limit, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var rows = await backend.ListNotificationsAsync(
                parse.GetValue(failed), parse.GetValue(pending), parse.GetValue(task), parse.GetValue(limit), ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(rows);
                return ExitCodes.Ok;
            }

            if (rows.Count == 0)
            {
                AnsiConsole.MarkupLine(parse.GetValue(failed) ? "[grey]no failed notifications[/]" : "[grey]no notifications[/]");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn(new TableColumn("id").RightAligned()).AddColumn("delivery id").AddColumn("channel").AddColumn("event")
                .AddColumn(new TableColumn("task").RightAligned()).AddColumn(new TableColumn("attempts").RightAligned())
                .AddColumn("state").AddColumn("last error").AddColumn("next attempt");
            foreach (var row in rows)
            {
                table.AddRow(
                    row.Id.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(row.DeliveryId),
                    Markup.Escape(row.Channel),
                    Markup.Escape(row.Event),
                    row.TaskId?.ToString(CultureInfo.InvariantCulture) ?? "",
                    row.Attempts.ToString(CultureInfo.InvariantCulture),
                    StateMarkup(row.State),
                    Markup.Escape(row.LastError ?? ""),
                    row.NextAttemptAt?.ToLocalTime().ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string StateMarkup(string state) => state switch
    {
        "delivered" => "[green]delivered[/]",
        "dead" => "[red]dead[/]",
        "retrying" => "[yellow]retrying[/]",
        _ => "pending",
    };
}
