using System.CommandLine;
using Errand.Application.Fleets;
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
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var fleetId = parse.GetValue(id);
            if (await host.Store.GetFleetAsync(fleetId, ct) is not { } fleet)
            {
                await Console.Error.WriteLineAsync($"errand: no fleet #{fleetId}");
                return ExitCodes.NotFound;
            }

            if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(FleetView.From(fleet, await host.Store.ListSlicesAsync(fleetId, ct), await PlannerStage.LoadAsync(host.Store, fleet, ct)));
                return ExitCodes.Ok;
            }

            if (!fleet.State.IsFinished() && AnsiConsole.Profile.Capabilities.Interactive)
            {
                try
                {
                    fleet = await FleetSupport.FollowAsync(host, fleetId, quiet: false, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return ExitCodes.Interrupted;
                }
            }

            FleetPrinter.Print(AnsiConsole.Console, fleet, await host.Store.ListSlicesAsync(fleetId, ct), await PlannerStage.LoadAsync(host.Store, fleet, ct));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
