using Errand.Fleets;
using Errand.Storage.Sqlite.Connections;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Rows;

/// <summary>The fleets and fleet_slices tables: columns and how rows become records.</summary>
internal static class FleetRows
{
    /// <summary>Every column <see cref="Read"/> expects, in order.</summary>
    public const string Columns =
        "f.id, f.title, f.kind, f.fan_in_kind, f.state, f.max_parallel, f.stop_after, f.spec_json, f.fan_in_task_id, f.reason, " +
        "f.result_json, f.created_at, f.updated_at, f.finished_at, f.planner_task_id, f.planned_at";

    public const string SelectById = $"SELECT {Columns} FROM fleets f WHERE f.id = $id";

    public const string SelectPage = $"SELECT {Columns} FROM fleets f ORDER BY f.id DESC LIMIT $limit";

    public const string CountByState = "SELECT state, COUNT(*) FROM fleet_slices WHERE fleet_id = $id GROUP BY state";

    public const string SelectSlices =
        "SELECT s.fleet_id, s.idx, s.value, s.state, s.task_id, t.state, COALESCE(t.title, s.title), t.reason, t.result_json, " +
        "s.released_at, s.ended_at FROM fleet_slices s LEFT JOIN tasks t ON t.id = s.task_id WHERE s.fleet_id = $id ORDER BY s.idx";

    public const string SelectMembership = "SELECT fleet_id, fleet_slice FROM tasks WHERE id = $id AND fleet_id IS NOT NULL";

    // Few fleets are ever stopping, and a stopping one's released slices are at most its max_parallel.
    public const string SelectSlicesToStop =
        "SELECT s.fleet_id, s.task_id, COALESCE(f.reason, 'stopped by its failure policy') FROM fleets f " +
        "JOIN fleet_slices s ON s.fleet_id = f.id AND s.state = 'released' JOIN tasks t ON t.id = s.task_id " +
        "WHERE f.state = 'stopping' AND t.cancel_requested = 0 ORDER BY s.fleet_id, s.idx";

    public static FleetRecord Read(StatementRows row) => new()
    {
        Id = row.GetInt64(0),
        Title = row.GetString(1),
        Kind = row.GetString(2),
        FanInKind = row.GetString(3),
        // A fleet is planning while its planner has not handed it slices: stored as running, with none.
        State = row.GetString(4) == "running" && !row.IsDBNull(14) && row.IsDBNull(15) ? FleetState.Planning : FleetStates.ParseFleet(row.GetString(4)),
        MaxParallel = row.GetInt32(5),
        StopAfter = row.IsDBNull(6) ? null : row.GetInt32(6),
        SpecJson = row.GetString(7),
        FanInTaskId = row.IsDBNull(8) ? null : row.GetInt64(8),
        Reason = row.IsDBNull(9) ? null : row.GetString(9),
        ResultJson = row.IsDBNull(10) ? null : row.GetString(10),
        CreatedAt = UnixTime.FromMicros(row.GetInt64(11)),
        UpdatedAt = UnixTime.FromMicros(row.GetInt64(12)),
        FinishedAt = row.IsDBNull(13) ? null : UnixTime.FromMicros(row.GetInt64(13)),
        PlannerTaskId = row.IsDBNull(14) ? null : row.GetInt64(14),
    };

    public static FleetSliceRecord ReadSlice(StatementRows row) => new()
    {
        FleetId = row.GetInt64(0),
        Index = row.GetInt32(1),
        Value = row.GetString(2),
        State = FleetStates.ParseSlice(row.GetString(3)),
        TaskId = row.IsDBNull(4) ? null : row.GetInt64(4),
        TaskState = row.IsDBNull(5) ? null : TaskStates.Parse(row.GetString(5)),
        Title = row.GetString(6),
        Reason = row.IsDBNull(7) ? null : row.GetString(7),
        ResultJson = row.IsDBNull(8) ? null : row.GetString(8),
        ReleasedAt = row.IsDBNull(9) ? null : UnixTime.FromMicros(row.GetInt64(9)),
        EndedAt = row.IsDBNull(10) ? null : UnixTime.FromMicros(row.GetInt64(10)),
    };

    /// <summary>The fleet with its counts, or null.</summary>
    public static FleetRecord? Get(Func<string, Statement> statements, long fleetId)
    {
        FleetRecord fleet;
        using (var row = statements(SelectById).Set("$id", fleetId).ExecuteReader())
        {
            if (!row.Read())
            {
                return null;
            }

            fleet = Read(row);
        }

        return fleet with { Counts = Counts(statements, fleetId) };
    }

    /// <summary>The fleet's slices per state.</summary>
    public static FleetCounts Counts(Func<string, Statement> statements, long fleetId)
    {
        var counts = new FleetCounts();
        using var rows = statements(CountByState).Set("$id", fleetId).ExecuteReader();
        while (rows.Read())
        {
            counts = counts.Add(FleetStates.ParseSlice(rows.GetString(0)), rows.GetInt32(1));
        }

        return counts;
    }
}
