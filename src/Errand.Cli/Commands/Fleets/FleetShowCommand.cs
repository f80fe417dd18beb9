using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Fleets;
using Spectre.Console;

namespace Errand.Cli.Commands.Fleets;

/// <summary>
/// <c>errand fleet show ID</c>: a fleet's state, counts and report. In a terminal, a running fleet is followed with live
/// bars until it ends (Ctrl+C stops watching); <c>--json</c> prints a snapshot.
/// </summary>
internal static class FleetShowCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<long>("id") { Description = "The fleet id" };
        var json = GlobalOptions.Json();
        var command = new Command("show", "Show a fleet: live progress while it runs, its report once it ended") { id, json };
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var fleet = await backend.GetFleetAsync(parse.GetValue(id), ct);
            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(fleet);
                return ExitCodes.Ok;
            }

            if (!FleetStates.ParseFleet(fleet.State).IsFinished() && AnsiConsole.Profile.Capabilities.Interactive)
            {
                try
                {
                    fleet = await FleetSupport.FollowAsync(backend, fleet.Id, quiet: false, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return ExitCodes.Interrupted;
                }
            }

            FleetPrinter.Print(AnsiConsole.Console, fleet);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
