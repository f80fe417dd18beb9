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
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var fleetId = parse.GetValue(id);
            var cancelled = await backend.CancelFleetAsync(fleetId, parse.GetValue(reason) ?? "cancelled from the CLI", ct);
            Console.WriteLine($"fleet #{fleetId} cancelled; {cancelled} of its tasks cancelled (running ones stop at their next heartbeat)");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
