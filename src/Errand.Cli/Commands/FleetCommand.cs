using System.CommandLine;
using Errand.Cli.Commands.Fleets;
using Errand.Cli.Hosting;

namespace Errand.Cli.Commands;

/// <summary><c>errand fleet …</c>: one task template over many slices, or one task tried N times (best-of-N).</summary>
internal static class FleetCommand
{
    public static Command Create(GlobalOptions global) => new("fleet", "Fleets: a task template over many slices, and best-of-N tasks")
    {
        FleetRunCommand.Create(global),
        FleetShowCommand.Create(global),
        FleetCancelCommand.Create(global),
        FleetListCommand.Create(global),
    };
}
