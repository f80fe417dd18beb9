using Errand.Fleets;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Stores a fleet with its slices, pending, and releases the first max_parallel of them as tasks.</summary>
internal sealed class CreateFleetOp(NewFleet fleet, CancellationToken cancellationToken) : WriteOp<FleetRecord>(cancellationToken)
{
    private const string InsertFleet =
        "INSERT INTO fleets (title, kind, fan_in_kind, state, max_parallel, stop_after, spec_json, fan_in_title, fan_in_spec_json, " +
        "fan_in_max_attempts, created_at, updated_at) VALUES ($title, $kind, $fanIn, 'running', $max, $stop, $spec, $fanInTitle, " +
        "$fanInSpec, $fanInMax, $now, $now) RETURNING id";

    private const string InsertSlice =
        "INSERT INTO fleet_slices (fleet_id, idx, value, state, title, spec_json, max_attempts) " +
        "VALUES ($id, $idx, $value, 'pending', $title, $spec, $max)";

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
        for (var i = 0; i < fleet.Slices.Count; i++)
        {
            var slice = fleet.Slices[i];
            context.Command(InsertSlice)
                .Set("$id", id)
                .Set("$idx", i)
                .Set("$value", slice.Value)
                .Set("$title", slice.Task.Title)
                .Set("$spec", slice.Task.SpecJson)
                .Set("$max", slice.Task.MaxAttempts)
                .ExecuteNonQuery();
        }

        FleetRuns.Advance(context, id);
        _record = FleetRows.Get(context.Command, id)!;
    }

    public override void AfterCommit(WriteContext context) => context.Signal.Raise();
}
