using Errand.Fleets;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Stores a fleet with its slices, pending, and releases the first max_parallel of them as tasks (or enqueues its planner).</summary>
internal sealed class CreateFleetOp(NewFleet fleet, CancellationToken cancellationToken) : WriteOp<FleetRecord>(cancellationToken)
{
    private const string InsertFleet =
        "INSERT INTO fleets (title, kind, fan_in_kind, state, max_parallel, stop_after, spec_json, fan_in_title, fan_in_spec_json, " +
        "fan_in_max_attempts, created_at, updated_at) VALUES ($title, $kind, $fanIn, 'running', $max, $stop, $spec, $fanInTitle, " +
        "$fanInSpec, $fanInMax, $now, $now) RETURNING id";

    private FleetRecord? _record;

    protected override FleetRecord Result => _record!;

    public override void Execute(WriteContext context)
    {
        var id = context.Command(InsertFleet)
            .Set("$title", fleet.Title)
            .Set("$kind", fleet.Kind)
            .Set("$fanIn", fleet.FanInKind)
            .Set("$max", fleet.MaxParallel)
            .Set("$stop", fleet.StopAfter)
            .Set("$spec", fleet.SpecJson)
            .Set("$fanInTitle", fleet.FanIn.Title)
            .Set("$fanInSpec", fleet.FanIn.SpecJson)
            .Set("$fanInMax", fleet.FanIn.MaxAttempts)
            .Set("$now", context.Now())
            .ScalarInt64()!.Value;
        if (fleet.Planner is { } planner)
        {
            // No slices yet: the planner's success brings them (FleetRuns.TaskEnded).
            FleetRuns.StartPlanner(context, id, planner);
        }
        else
        {
            FleetRuns.InsertSlices(context, id, fleet.Slices);
            FleetRuns.Advance(context, id);
        }

        _record = FleetRows.Get(context.Command, id)!;
    }

    public override void AfterCommit(WriteContext context) => context.Signal.Raise();
}
