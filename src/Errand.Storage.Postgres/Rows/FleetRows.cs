using Errand.Fleets;
using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Postgres.Rows;

/// <summary>The fleets and fleet_slices tables: columns and how rows read back.</summary>
internal static class FleetRows
{
    /// <summary>Every column <see cref="Read"/> expects, in order, with the slices' counts per state (as JSON) and the planner's columns last.</summary>
    public const string Columns =
        "f.id, f.title, f.kind, f.fan_in_kind, f.state, f.max_parallel, f.stop_after, f.spec_json, f.fan_in_task_id, f.reason, " +
        "f.result_json, f.created_at, f.updated_at, f.finished_at, " +
        "(SELECT COALESCE(json_object_agg(c.state, c.n), '{}')::text FROM (SELECT state, COUNT(*) AS n FROM fleet_slices " +
        "WHERE fleet_id = f.id GROUP BY state) c), f.planner_task_id, f.planned_at";

    public const string SelectById = $"SELECT {Columns} FROM fleets f WHERE f.id = $1";

    public const string SelectPage = $"SELECT {Columns} FROM fleets f ORDER BY f.id DESC LIMIT $1";

    public const string SelectSlices =
        "SELECT s.fleet_id, s.idx, s.value, s.state, s.task_id, t.state, COALESCE(t.title, s.title), t.reason, t.result_json, " +
        "s.released_at, s.ended_at FROM fleet_slices s LEFT JOIN tasks t ON t.id = s.task_id WHERE s.fleet_id = $1 ORDER BY s.idx";

    public const string SelectMembership = "SELECT fleet_id, fleet_slice FROM tasks WHERE id = $1 AND fleet_id IS NOT NULL";

    // Few fleets are ever stopping, and a stopping one's released slices are at most its max_parallel.
    public const string SelectSlicesToStop =
        "SELECT s.fleet_id, s.task_id, COALESCE(f.reason, 'stopped by its failure policy') FROM fleets f " +
        "JOIN fleet_slices s ON s.fleet_id = f.id AND s.state = 'released' JOIN tasks t ON t.id = s.task_id " +
        "WHERE f.state = 'stopping' AND NOT t.cancel_requested ORDER BY s.fleet_id, s.idx";

    public static FleetRecord Read(NpgsqlDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Title = row.GetString(1),
        Kind = row.GetString(2),
        FanInKind = row.GetString(3),
        // A fleet is planning while its planner has not handed it slices: stored as running, with none.
        State = row.GetString(4) == "running" && !row.IsDBNull(15) && row.IsDBNull(16) ? FleetState.Planning : FleetStates.ParseFleet(row.GetString(4)),
        MaxParallel = row.GetInt32(5),
        StopAfter = row.IsDBNull(6) ? null : row.GetInt32(6),
        SpecJson = row.GetString(7),
        FanInTaskId = row.IsDBNull(8) ? null : row.GetInt64(8),
        Reason = row.IsDBNull(9) ? null : row.GetString(9),
        ResultJson = row.IsDBNull(10) ? null : row.GetString(10),
        CreatedAt = row.GetFieldValue<DateTimeOffset>(11),
        UpdatedAt = row.GetFieldValue<DateTimeOffset>(12),
        FinishedAt = TaskRows.Time(row, 13),
        Counts = Counts(row.GetString(14)),
        PlannerTaskId = row.IsDBNull(15) ? null : row.GetInt64(15),
    };

    public static FleetSliceRecord ReadSlice(NpgsqlDataReader row) => new()
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
        ReleasedAt = TaskRows.Time(row, 9),
        EndedAt = TaskRows.Time(row, 10),
    };

    private static FleetCounts Counts(string json)
    {
        var counts = new FleetCounts();
        using var document = System.Text.Json.JsonDocument.Parse(json);
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            counts = counts.Add(FleetStates.ParseSlice(entry.Name), entry.Value.GetInt32());
        }

        return counts;
    }
}
