using Errand.Application.Specs;
using Errand.Application.Tasks;
using Errand.Engine.Tasks;
using Errand.Fleets;
using Errand.Specs;
using Errand.Storage;

namespace Errand.Application.Fleets;

/// <summary>Fleets: run one from spec text, list, show, cancel. The CLI and the API both come here.</summary>
/// <param name="store">The store.</param>
/// <param name="transitions">Where fleets are created and cancelled.</param>
public sealed class FleetService(IErrandStore store, TaskTransitions transitions)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;

    /// <summary>Creates the fleet spec text describes (sent from no file: a relative repo or a template is refused); null with the findings when it cannot run.</summary>
    /// <param name="specText">The fleet spec.</param>
    /// <param name="cancellationToken">Stops the checks and the write.</param>
    public async Task<(FleetView? Fleet, IReadOnlyList<SpecDiagnostic> Findings)> RunTextAsync(string specText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specText);
        var parsed = SpecSources.Parse(System.Text.Encoding.UTF8.GetBytes(specText), TaskSubmission.RequestFile, baseDirectory: null);
        var (fleet, findings) = await FleetSpecs.ReadAsync(parsed, baseDirectory: null, cancellationToken);
        return fleet is null ? (null, findings) : (await SubmitAsync(fleet, cancellationToken), findings);
    }

    /// <summary>Creates a fleet read from a spec; its view, with its planner when slices come from one.</summary>
    /// <param name="fleet">The fleet.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public async Task<FleetView> SubmitAsync(NewFleet fleet, CancellationToken cancellationToken)
    {
        var created = await transitions.SubmitFleetAsync(fleet, cancellationToken);
        return FleetView.From(created, planner: await PlannerStage.LoadAsync(store, created, cancellationToken));
    }

    /// <summary>Fleets, newest first, with their counts.</summary>
    /// <param name="limit">At most this many (up to <see cref="MaxLimit"/>).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public async Task<IReadOnlyList<FleetView>> ListAsync(int limit, CancellationToken cancellationToken) =>
        [.. (await store.ListFleetsAsync(Math.Clamp(limit, 1, MaxLimit), cancellationToken)).Select(f => FleetView.From(f))];

    /// <summary>One fleet with its slices and report, or null.</summary>
    /// <param name="fleetId">Its id.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<FleetView?> GetAsync(long fleetId, CancellationToken cancellationToken) =>
        await store.GetFleetAsync(fleetId, cancellationToken) is { } fleet
            ? FleetView.From(fleet, await store.ListSlicesAsync(fleetId, cancellationToken), await PlannerStage.LoadAsync(store, fleet, cancellationToken))
            : null;

    /// <summary>Cancels a fleet: no more slices run, the released ones are cancelled, no fan-in starts.</summary>
    /// <param name="fleetId">Its id.</param>
    /// <param name="reason">Why (kept with the fleet and sent with fleet_finished).</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public Task<FleetCancellation> CancelAsync(long fleetId, string reason, CancellationToken cancellationToken) =>
        transitions.CancelFleetAsync(fleetId, reason, cancellationToken);
}
