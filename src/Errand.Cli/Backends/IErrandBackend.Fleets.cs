using Errand.Application.Fleets;
using Errand.Specs;

namespace Errand.Cli.Backends;

/// <summary>Fleets: run one from a file, read one, cancel one. A missing fleet is a <see cref="BackendException"/> (exit 3).</summary>
internal partial interface IErrandBackend
{
    /// <summary>Creates the fleet a file describes; null with the findings (named after the file) when it cannot run.</summary>
    Task<(FleetView? Fleet, IReadOnlyList<SpecDiagnostic> Findings)> RunFleetAsync(string file, CancellationToken cancellationToken);

    /// <summary>The fleet with its slices, planner and report.</summary>
    Task<FleetView> GetFleetAsync(long fleetId, CancellationToken cancellationToken);

    /// <summary>Cancels the fleet; how many of its tasks were cancelled. Exit 2 when it has already ended.</summary>
    Task<int> CancelFleetAsync(long fleetId, string reason, CancellationToken cancellationToken);

    /// <summary>Waits until the work may have moved on (the store's signal here, a pause against a server), at most <paramref name="upTo"/>.</summary>
    Task WaitForChangeAsync(TimeSpan upTo, CancellationToken cancellationToken);
}
