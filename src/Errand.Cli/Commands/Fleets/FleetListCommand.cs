using System.CommandLine;
using System.Globalization;
using Errand.Fleets;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Spectre.Console;

namespace Errand.Cli.Commands.Fleets;

/// <summary><c>errand fleet ls</c>: fleets, newest first, with their counts.</summary>
internal static class FleetListCommand
{
    public static Command Create(GlobalOptions global)
    {
        var json = GlobalOptions.Json();
        var limit = new Option<int>("--limit") { Description = "At most this many", DefaultValueFactory = _ => 20 };
        var command = new Command("ls", "List fleets, newest first") { json, limit };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var fleets = await backend.ListFleetsAsync(parse.GetValue(limit), ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(fleets);
                return ExitCodes.Ok;
            }

            if (fleets.Count == 0)
            {
                AnsiConsole.MarkupLine("[grey]no fleets[/]");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("id").AddColumn("state").AddColumn("kind").AddColumn("done").AddColumn("failed").AddColumn("running").AddColumn("title");
            foreach (var fleet in fleets)
            {
                var c = fleet.Counts;
                table.AddRow(
                    fleet.Id.ToString(CultureInfo.InvariantCulture),
                    FleetPrinter.StateMarkup(FleetStates.ParseFleet(fleet.State)),
                    Markup.Escape($"{fleet.Kind}/{fleet.FanIn}"),
                    $"{c.Ended}/{c.Total}",
                    c.Failed.ToString(CultureInfo.InvariantCulture),
                    c.Released.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(fleet.Title));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
