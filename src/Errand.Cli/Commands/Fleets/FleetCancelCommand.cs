using System.CommandLine;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands.Fleets;

/// <summary><c>errand fleet cancel ID</c>: no more slices run, the released ones are cancelled, no fan-in starts.</summary>
internal static class FleetCancelCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<long>("id") { Description = "The fleet id" };
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the fleet and sent with fleet_finished)" };
        var command = new Command("cancel", "Cancel a fleet and its slices") { id, reason };
        command.SetAction((parse, ct) => CommandSupport.WithHostAsync(parse, global, async host =>
        {
            var fleetId = parse.GetValue(id);
            var outcome = await host.Transitions.CancelFleetAsync(fleetId, parse.GetValue(reason) ?? "cancelled from the CLI", ct);
            if (!outcome.Found)
            {
                await Console.Error.WriteLineAsync($"errand: no fleet #{fleetId}");
                return ExitCodes.NotFound;
            }

            if (!outcome.Cancelled)
            {
                await Console.Error.WriteLineAsync($"errand: fleet #{fleetId} has already ended");
                return ExitCodes.InvalidInput;
            }

            Console.WriteLine($"fleet #{fleetId} cancelled; {outcome.Unfinished.Count} of its tasks cancelled (running ones stop at their next heartbeat)");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
