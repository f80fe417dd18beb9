using Errand.Application.Fleets;
using Errand.Cli.Hosting;
using Errand.Cli.Specs;
using Errand.Specs;

namespace Errand.Cli.Backends;

internal sealed partial class LocalBackend
{
    private FleetService Fleets => new(host.Store, host.Transitions);

    public async Task<(FleetView? Fleet, IReadOnlyList<SpecDiagnostic> Findings)> RunFleetAsync(string file, CancellationToken cancellationToken)
    {
        var (fleet, findings) = await FleetSpecs.ReadAsync(
            await SpecFile.LoadAsync(file, cancellationToken), Path.GetDirectoryName(Path.GetFullPath(file)), cancellationToken);
        return fleet is null ? (null, findings) : (await Fleets.SubmitAsync(fleet, cancellationToken), findings);
    }

    public async Task<FleetView> GetFleetAsync(long fleetId, CancellationToken cancellationToken) =>
        await Fleets.GetAsync(fleetId, cancellationToken) ?? throw NoFleet(fleetId);

    public async Task<int> CancelFleetAsync(long fleetId, string reason, CancellationToken cancellationToken)
    {
        var outcome = await Fleets.CancelAsync(fleetId, reason, cancellationToken);
        if (!outcome.Found)
        {
            throw NoFleet(fleetId);
        }

        return outcome.Cancelled ? outcome.Unfinished.Count : throw new BackendException(ExitCodes.InvalidInput, $"fleet #{fleetId} has already ended");
    }

    public Task WaitForChangeAsync(TimeSpan upTo, CancellationToken cancellationToken) => host.Store.WaitForWorkAsync(upTo, cancellationToken);

    private static BackendException NoFleet(long fleetId) => new(ExitCodes.NotFound, $"no fleet #{fleetId}");
}
