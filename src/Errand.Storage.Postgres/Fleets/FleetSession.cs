using System.Globalization;
using Errand.Fleets;
using Errand.Journal;
using Errand.Storage.Postgres.Rows;
using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Postgres.Fleets;

/// <summary>
/// A fleet's moves inside one transaction: its row is locked first (<c>FOR UPDATE</c>), so the ends of its slices on
/// every host take turns on it; the slice's end, the releases it makes room for, the stop under the failure policy
/// and the single fan-in then commit together with the task's own end.
/// </summary>
internal sealed class FleetSession(NpgsqlConnection connection, DateTimeOffset now)
{
    private const string Lock = "SELECT state, max_parallel, stop_after FROM fleets WHERE id = $1 FOR UPDATE";

    private const string CountState = "SELECT COUNT(*)::integer FROM fleet_slices WHERE fleet_id = $1 AND state = $2";

    private const string SelectNextPending =
        "SELECT idx, title, spec_json, max_attempts FROM fleet_slices WHERE fleet_id = $1 AND state = 'pending' ORDER BY idx LIMIT 1";

    private const string MarkReleased =
        "UPDATE fleet_slices SET state = 'released', task_id = $3, released_at = $4, spec_json = NULL WHERE fleet_id = $1 AND idx = $2";

    private const string TagTask = "UPDATE tasks SET fleet_id = $2, fleet_slice = $3 WHERE id = $1";

    private const string EndSlice =
        "UPDATE fleet_slices SET state = $3, ended_at = $4 WHERE fleet_id = $1 AND idx = $2 AND state = 'released'";

    private const string SkipPending = "UPDATE fleet_slices SET state = $2, ended_at = $3 WHERE fleet_id = $1 AND state = 'pending'";

    private const string SetState = "UPDATE fleets SET state = $2, reason = COALESCE($3, reason), updated_at = $4 WHERE id = $1";

    private const string SelectFanIn = "SELECT fan_in_title, fan_in_spec_json, fan_in_max_attempts FROM fleets WHERE id = $1";

    private const string SetFanIn = "UPDATE fleets SET state = 'fanning_in', fan_in_task_id = $2, updated_at = $3 WHERE id = $1";

    // Only the fan-in the fleet is waiting for finishes it: a cancelled fleet stays cancelled whatever its fan-in does after.
    private const string Finish =
        "UPDATE fleets SET state = $3, reason = t.reason, result_json = t.result_json, updated_at = $4, finished_at = $4 " +
        "FROM tasks t WHERE fleets.id = $1 AND t.id = $2 AND fleets.fan_in_task_id = $2 AND fleets.state = 'fanning_in'";

    private const string InsertFleet =
        "INSERT INTO fleets (title, kind, fan_in_kind, state, max_parallel, stop_after, spec_json, fan_in_title, fan_in_spec_json, " +
        "fan_in_max_attempts, created_at, updated_at) VALUES ($1, $2, $3, 'running', $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id";

    private const string InsertSlices =
        "INSERT INTO fleet_slices (fleet_id, idx, value, state, title, spec_json, max_attempts) " +
        "SELECT $1, s.n - 1, s.value, 'pending', s.title, s.spec, s.max FROM " +
        "unnest($2::text[], $3::text[], $4::text[], $5::integer[]) WITH ORDINALITY AS s(value, title, spec, max, n)";

    private const string Cancel =
        "UPDATE fleets SET state = 'cancelled', reason = $2, updated_at = $3, finished_at = $3 " +
        "WHERE id = $1 AND state IN ('running', 'stopping', 'fanning_in') RETURNING id";

    private const string CancelPending = "UPDATE fleet_slices SET state = 'cancelled', ended_at = $2 WHERE fleet_id = $1 AND state = 'pending'";

    private const string SelectUnfinished =
        "SELECT task_id FROM fleet_slices WHERE fleet_id = $1 AND state = 'released' " +
        "UNION ALL SELECT f.fan_in_task_id FROM fleets f JOIN tasks t ON t.id = f.fan_in_task_id WHERE f.id = $1 " +
        "AND t.state NOT IN ('succeeded', 'failed', 'partial', 'cancelled') " +
        "UNION ALL SELECT f.planner_task_id FROM fleets f JOIN tasks t ON t.id = f.planner_task_id WHERE f.id = $1 " +
        "AND t.state NOT IN ('succeeded', 'failed', 'partial', 'cancelled')";

    private const string SetPlanner = "UPDATE fleets SET planner_task_id = $2 WHERE id = $1";

    private const string SelectPlanner = "SELECT 1 FROM fleets WHERE id = $1 AND planner_task_id = $2";

    // Once: only while the fleet is still planning, so a repeated transition or a planner retried by hand after its
    // fleet moved on changes nothing.
    private const string Planned =
        "UPDATE fleets SET planned_at = $3, updated_at = $3 WHERE id = $1 AND planner_task_id = $2 AND planned_at IS NULL AND state = 'running'";

    private const string PlanFailed =
        "UPDATE fleets SET state = $3, reason = $4, planned_at = $5, updated_at = $5, finished_at = $5 " +
        "WHERE id = $1 AND planner_task_id = $2 AND planned_at IS NULL AND state = 'running'";

    private const string SelectReason = "SELECT reason FROM tasks WHERE id = $1";

    /// <summary>True when a task was enqueued in this transaction.</summary>
    public bool Enqueued { get; private set; }

    /// <summary>Stores the fleet and its slices, and releases the first ones; returns its id.</summary>
    public async Task<long> CreateAsync(NewFleet fleet, CancellationToken cancellationToken)
    {
        long id;
        await using (var insert = Command(InsertFleet, fleet.Title, fleet.Kind, fleet.FanInKind, fleet.MaxParallel,
            new NpgsqlParameter { Value = (object?)fleet.StopAfter ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
            fleet.SpecJson, fleet.FanIn.Title, fleet.FanIn.SpecJson, fleet.FanIn.MaxAttempts, now))
        {
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

        if (fleet.Planner is { } planner)
        {
            // No slices yet: the planner's success brings them (TaskEndedAsync).
            var task = await InsertAsync(id, null, planner, string.Create(CultureInfo.InvariantCulture, $"started by fleet #{id} as its planner"), cancellationToken);
            await ExecuteAsync(SetPlanner, cancellationToken, id, task);
            return id;
        }

        await InsertSlicesAsync(id, fleet.Slices, cancellationToken);
        await AdvanceAsync(id, cancellationToken);
        return id;
    }

    /// <summary>
    /// A fleet task moved to <paramref name="to"/>, a terminal state, in this transaction: a slice ends and the fleet
    /// moves on; the fan-in finishes the fleet with its result.
    /// </summary>
    public async Task TaskEndedAsync(
        long taskId, long fleetId, int? slice, TaskState to, IReadOnlyList<NewFleetSlice> planned, CancellationToken cancellationToken)
    {
        // The fleet's row lock first: every end of this fleet's tasks, on any host, waits here for the one before it,
        // and then (read committed) sees what that one committed.
        if (await LockAsync(fleetId, cancellationToken) is null)
        {
            return;
        }

        if (slice is null && await ScalarAsync(SelectPlanner, cancellationToken, fleetId, taskId) is not null)
        {
            await PlannerEndedAsync(fleetId, taskId, to, planned, cancellationToken);
            return;
        }

        if (slice is null)
        {
            await ExecuteAsync(Finish, cancellationToken, fleetId, taskId, FleetStates.FinishedAs(to).ToWireName(), now);
            return;
        }

        // A slice ends once: a task retried by hand after its slice ended runs outside the fleet's accounting.
        if (await ExecuteAsync(EndSlice, cancellationToken, fleetId, slice.Value, FleetStates.EndedAs(to).ToWireName(), now) > 0)
        {
            await AdvanceAsync(fleetId, cancellationToken);
        }
    }

    /// <summary>Cancels the fleet with its pending slices and writes <paramref name="notifications"/>; null when it was not unfinished.</summary>
    public async Task<List<long>?> CancelAsync(long fleetId, string reason, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken)
    {
        await using (var cancel = Command(Cancel, fleetId, reason, now))
        {
            if (await cancel.ExecuteScalarAsync(cancellationToken) is null)
            {
                return null;
            }
        }

        await ExecuteAsync(CancelPending, cancellationToken, fleetId, now);
        var unfinished = await ScheduleRows.AllAsync(Command(SelectUnfinished, fleetId), r => r.GetInt64(0), cancellationToken);
        if (notifications.Count > 0)
        {
            await ExecuteAsync(OutboxRows.Insert, cancellationToken, [.. OutboxRows.InsertParameters(notifications, now, null)]);
        }

        return unfinished;
    }

    // The planner's success hands the fleet its slices, stored and released in this transaction; any other end (a
    // rejection, a failure, the reaper) finishes the fleet without slices or fan-in. The caller holds the lock.
    private async Task PlannerEndedAsync(long fleetId, long taskId, TaskState to, IReadOnlyList<NewFleetSlice> planned, CancellationToken cancellationToken)
    {
        if (to == TaskState.Succeeded && planned.Count > 0)
        {
            if (await ExecuteAsync(Planned, cancellationToken, fleetId, taskId, now) > 0)
            {
                await InsertSlicesAsync(fleetId, planned, cancellationToken);
                await AdvanceAsync(fleetId, cancellationToken);
            }

            return;
        }

        var reason = await ScalarAsync(SelectReason, cancellationToken, taskId) as string;
        await ExecuteAsync(PlanFailed, cancellationToken, fleetId, taskId,
            (to == TaskState.Cancelled ? FleetState.Cancelled : FleetState.Failed).ToWireName(), FleetStates.PlannerEndReason(to, reason), now);
    }

    private async Task InsertSlicesAsync(long fleetId, IReadOnlyList<NewFleetSlice> slices, CancellationToken cancellationToken)
    {
        await using var insert = Command(InsertSlices, fleetId,
            Parameters.TextArray([.. slices.Select(s => s.Value)]),
            Parameters.TextArray([.. slices.Select(s => s.Task.Title)]),
            Parameters.TextArray([.. slices.Select(s => s.Task.SpecJson)]),
            new NpgsqlParameter { Value = slices.Select(s => s.Task.MaxAttempts).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(sql, values);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    private async Task<(FleetState State, int MaxParallel, int? StopAfter)?> LockAsync(long fleetId, CancellationToken cancellationToken)
    {
        var rows = await ScheduleRows.AllAsync(Command(Lock, fleetId),
            r => (FleetStates.ParseFleet(r.GetString(0)), r.GetInt32(1), r.IsDBNull(2) ? (int?)null : r.GetInt32(2)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    // Stops the fleet once its failures reach stop_after, releases pending slices while fewer than max_parallel are
    // released and unfinished, and enqueues the fan-in once no slice is pending or released. The caller holds the lock.
    private async Task AdvanceAsync(long fleetId, CancellationToken cancellationToken)
    {
        if (await LockAsync(fleetId, cancellationToken) is not { } fleet || fleet.State is not (FleetState.Running or FleetState.Stopping))
        {
            return;
        }

        var state = fleet.State;
        if (state == FleetState.Running && fleet.StopAfter is { } limit && await CountAsync(fleetId, SliceState.Failed, cancellationToken) >= limit)
        {
            state = FleetState.Stopping;
            var why = string.Create(CultureInfo.InvariantCulture, $"stopped after {limit} failed slice{(limit == 1 ? "" : "s")} (on_failure: stop_after {limit})");
            await ExecuteAsync(SetState, cancellationToken, fleetId, state.ToWireName(), why, now);
            await ExecuteAsync(SkipPending, cancellationToken, fleetId, SliceState.Skipped.ToWireName(), now);
        }

        var released = await CountAsync(fleetId, SliceState.Released, cancellationToken);
        while (state == FleetState.Running && released < fleet.MaxParallel && await ReleaseNextAsync(fleetId, cancellationToken))
        {
            released++;
        }

        if (released == 0 && await CountAsync(fleetId, SliceState.Pending, cancellationToken) == 0)
        {
            // Exactly once: only from running or stopping, under the row lock, leaving the fleet fanning_in.
            var fanIn = (await ScheduleRows.AllAsync(Command(SelectFanIn, fleetId),
                r => new NewTask(r.GetString(0), r.GetString(1)) { MaxAttempts = r.GetInt32(2) }, cancellationToken))[0];
            var id = await InsertAsync(fleetId, null, fanIn, string.Create(CultureInfo.InvariantCulture, $"started by fleet #{fleetId} as its fan-in"), cancellationToken);
            await ExecuteAsync(SetFanIn, cancellationToken, fleetId, id, now);
        }
    }

    private async Task<bool> ReleaseNextAsync(long fleetId, CancellationToken cancellationToken)
    {
        var next = await ScheduleRows.AllAsync(Command(SelectNextPending, fleetId),
            r => (Index: r.GetInt32(0), Task: new NewTask(r.GetString(1), r.GetString(2)) { MaxAttempts = r.GetInt32(3) }), cancellationToken);
        if (next.Count == 0)
        {
            return false;
        }

        var (index, task) = next[0];
        var message = string.Create(CultureInfo.InvariantCulture, $"released by fleet #{fleetId} as slice {index + 1}");
        var id = await InsertAsync(fleetId, index, task, message, cancellationToken);
        await ExecuteAsync(MarkReleased, cancellationToken, fleetId, index, id, now);
        return true;
    }

    private async Task<long> InsertAsync(long fleetId, int? slice, NewTask task, string message, CancellationToken cancellationToken)
    {
        var data = EventData.Of(new { fleetId, slice });
        var (record, _) = await NewTasks.InsertAsync(connection,
            task with { Events = [.. task.Events, new JournalEntry(JournalKinds.FleetReleased, message, data)] }, now, cancellationToken);
        await ExecuteAsync(TagTask, cancellationToken, record.Id, fleetId,
            new NpgsqlParameter { Value = (object?)slice ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        Enqueued = true;
        return record.Id;
    }

    private async Task<int> CountAsync(long fleetId, SliceState state, CancellationToken cancellationToken)
    {
        await using var count = Command(CountState, fleetId, state.ToWireName());
        return (int)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameters.Of(value));
        }

        return command;
    }
}
