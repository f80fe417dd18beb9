using System.Globalization;
using Errand.Fleets;
using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>
/// What a fleet does inside the writer's transaction: release pending slices as tasks while fewer than max_parallel
/// are unfinished, stop under its failure policy, and enqueue the fan-in once every slice ended. Called where a fleet
/// is created and wherever one of its tasks ends, so the cap and the single fan-in are decided in the same transaction
/// as the end that frees a place (the writer runs one transaction at a time, across processes too).
/// </summary>
internal static class FleetRuns
{
    private const string SelectFleet = "SELECT state, max_parallel, stop_after, fan_in_task_id FROM fleets WHERE id = $id";

    private const string CountState = "SELECT COUNT(*) FROM fleet_slices WHERE fleet_id = $id AND state = $state";

    private const string SelectNextPending =
        "SELECT idx, title, spec_json, max_attempts FROM fleet_slices WHERE fleet_id = $id AND state = 'pending' ORDER BY idx LIMIT 1";

    private const string MarkReleased =
        "UPDATE fleet_slices SET state = 'released', task_id = $task, released_at = $now, spec_json = NULL WHERE fleet_id = $id AND idx = $idx";

    private const string TagTask = "UPDATE tasks SET fleet_id = $fleet, fleet_slice = $slice WHERE id = $id";

    private const string EndSlice =
        "UPDATE fleet_slices SET state = $state, ended_at = $now WHERE fleet_id = $id AND idx = $idx AND state = 'released'";

    private const string SkipPending =
        "UPDATE fleet_slices SET state = $state, ended_at = $now WHERE fleet_id = $id AND state = 'pending'";

    private const string SetState = "UPDATE fleets SET state = $state, reason = COALESCE($reason, reason), updated_at = $now WHERE id = $id";

    private const string SelectFanIn = "SELECT fan_in_title, fan_in_spec_json, fan_in_max_attempts, title FROM fleets WHERE id = $id";

    private const string SetFanIn = "UPDATE fleets SET state = 'fanning_in', fan_in_task_id = $task, updated_at = $now WHERE id = $id";

    // Only the fan-in the fleet is waiting for finishes it: a cancelled fleet stays cancelled whatever its fan-in does after.
    private const string Finish =
        "UPDATE fleets SET state = $state, reason = $reason, result_json = $result, updated_at = $now, finished_at = $now " +
        "WHERE id = $id AND fan_in_task_id = $task AND state = 'fanning_in'";

    private const string InsertSlice =
        "INSERT INTO fleet_slices (fleet_id, idx, value, state, title, spec_json, max_attempts) " +
        "VALUES ($id, $idx, $value, 'pending', $title, $spec, $max)";

    private const string SetPlanner = "UPDATE fleets SET planner_task_id = $task WHERE id = $id";

    private const string SelectPlanner = "SELECT 1 FROM fleets WHERE id = $id AND planner_task_id = $task";

    // Once: only while the fleet is still planning, so a planner retried by hand after its fleet moved on changes nothing.
    private const string Planned =
        "UPDATE fleets SET planned_at = $now, updated_at = $now WHERE id = $id AND planner_task_id = $task AND planned_at IS NULL AND state = 'running'";

    private const string PlanFailed =
        "UPDATE fleets SET state = $state, reason = $reason, planned_at = $now, updated_at = $now, finished_at = $now " +
        "WHERE id = $id AND planner_task_id = $task AND planned_at IS NULL AND state = 'running'";

    private const string SelectEnded = "SELECT fleet_id, fleet_slice, reason, result_json FROM tasks WHERE id = $id AND fleet_id IS NOT NULL";

    /// <summary>
    /// A task moved to <paramref name="to"/>, a terminal state, in the running operation. When it is a fleet's slice,
    /// the slice ends and the fleet moves on; when it is a fleet's fan-in, the fleet finishes with its result.
    /// </summary>
    public static bool TaskEnded(WriteContext context, long taskId, TaskState to, IReadOnlyList<NewFleetSlice>? planned = null)
    {
        long fleetId;
        int? slice;
        string? reason;
        string? result;
        using (var row = context.Command(SelectEnded).Set("$id", taskId).ExecuteReader())
        {
            if (!row.Read())
            {
                return false;
            }

            fleetId = row.GetInt64(0);
            slice = row.IsDBNull(1) ? null : row.GetInt32(1);
            reason = row.IsDBNull(2) ? null : row.GetString(2);
            result = row.IsDBNull(3) ? null : row.GetString(3);
        }

        var now = context.Now();
        if (slice is null && context.Command(SelectPlanner).Set("$id", fleetId).Set("$task", taskId).ScalarInt64() is not null)
        {
            return PlannerEnded(context, fleetId, taskId, to, reason, planned ?? [], now);
        }

        if (slice is null)
        {
            context.Command(Finish)
                .Set("$state", FleetStates.FinishedAs(to).ToWireName())
                .Set("$reason", reason)
                .Set("$result", result)
                .Set("$now", now)
                .Set("$id", fleetId)
                .Set("$task", taskId)
                .ExecuteNonQuery();
            return false;
        }

        // A slice ends once: a task retried by hand after its slice ended runs outside the fleet's accounting.
        var ended = context.Command(EndSlice)
            .Set("$state", FleetStates.EndedAs(to).ToWireName())
            .Set("$now", now)
            .Set("$id", fleetId)
            .Set("$idx", slice.Value)
            .ExecuteNonQuery();
        return ended > 0 && Advance(context, fleetId);
    }

    /// <summary>
    /// Moves the fleet on as far as it can now: stops it once its failures reach stop_after, releases pending slices while
    /// fewer than max_parallel are released and unfinished, and enqueues the fan-in when no slice is pending or
    /// released. True when it enqueued a task.
    /// </summary>
    public static bool Advance(WriteContext context, long fleetId)
    {
        FleetState state;
        int maxParallel;
        int? stopAfter;
        using (var row = context.Command(SelectFleet).Set("$id", fleetId).ExecuteReader())
        {
            if (!row.Read())
            {
                return false;
            }

            state = FleetStates.ParseFleet(row.GetString(0));
            maxParallel = row.GetInt32(1);
            stopAfter = row.IsDBNull(2) ? null : row.GetInt32(2);
        }

        if (state is not (FleetState.Running or FleetState.Stopping))
        {
            return false;
        }

        var now = context.Now();
        if (state == FleetState.Running && stopAfter is { } limit && Count(context, fleetId, SliceState.Failed) >= limit)
        {
            state = FleetState.Stopping;
            var why = string.Create(CultureInfo.InvariantCulture, $"stopped after {limit} failed slice{(limit == 1 ? "" : "s")} (on_failure: stop_after {limit})");
            context.Command(SetState).Set("$state", state.ToWireName()).Set("$reason", why).Set("$now", now).Set("$id", fleetId).ExecuteNonQuery();
            context.Command(SkipPending).Set("$state", SliceState.Skipped.ToWireName()).Set("$now", now).Set("$id", fleetId).ExecuteNonQuery();
        }

        var enqueued = false;
        var released = Count(context, fleetId, SliceState.Released);
        while (state == FleetState.Running && released < maxParallel && ReleaseNext(context, fleetId, now))
        {
            released++;
            enqueued = true;
        }

        if (released == 0 && Count(context, fleetId, SliceState.Pending) == 0)
        {
            StartFanIn(context, fleetId, now);
            enqueued = true;
        }

        return enqueued;
    }

    /// <summary>Enqueues the fleet's planner, which proposes its slices.</summary>
    public static void StartPlanner(WriteContext context, long fleetId, NewTask planner)
    {
        var id = Insert(context, fleetId, null, planner, string.Create(CultureInfo.InvariantCulture, $"started by fleet #{fleetId} as its planner"));
        context.Command(SetPlanner).Set("$task", id).Set("$id", fleetId).ExecuteNonQuery();
    }

    /// <summary>Stores <paramref name="slices"/> as the fleet's pending slices, numbered from 0.</summary>
    public static void InsertSlices(WriteContext context, long fleetId, IReadOnlyList<NewFleetSlice> slices)
    {
        for (var i = 0; i < slices.Count; i++)
        {
            var slice = slices[i];
            context.Command(InsertSlice)
                .Set("$id", fleetId)
                .Set("$idx", i)
                .Set("$value", slice.Value)
                .Set("$title", slice.Task.Title)
                .Set("$spec", slice.Task.SpecJson)
                .Set("$max", slice.Task.MaxAttempts)
                .ExecuteNonQuery();
        }
    }

    // The planner's success hands the fleet its slices, stored and released in this transaction; any other end (a
    // rejection, a failure, the reaper) finishes the fleet without slices or fan-in.
    private static bool PlannerEnded(WriteContext context, long fleetId, long taskId, TaskState to, string? reason, IReadOnlyList<NewFleetSlice> planned, long now)
    {
        if (to == TaskState.Succeeded && planned.Count > 0)
        {
            if (context.Command(Planned).Set("$now", now).Set("$id", fleetId).Set("$task", taskId).ExecuteNonQuery() == 0)
            {
                return false;
            }

            InsertSlices(context, fleetId, planned);
            return Advance(context, fleetId);
        }

        context.Command(PlanFailed)
            .Set("$state", (to == TaskState.Cancelled ? FleetState.Cancelled : FleetState.Failed).ToWireName())
            .Set("$reason", FleetStates.PlannerEndReason(to, reason))
            .Set("$now", now)
            .Set("$id", fleetId)
            .Set("$task", taskId)
            .ExecuteNonQuery();
        return false;
    }

    private static bool ReleaseNext(WriteContext context, long fleetId, long now)
    {
        int index;
        NewTask task;
        using (var row = context.Command(SelectNextPending).Set("$id", fleetId).ExecuteReader())
        {
            if (!row.Read())
            {
                return false;
            }

            index = row.GetInt32(0);
            task = new NewTask(row.GetString(1), row.GetString(2)) { MaxAttempts = row.GetInt32(3) };
        }

        var message = string.Create(CultureInfo.InvariantCulture, $"released by fleet #{fleetId} as slice {index + 1}");
        var id = Insert(context, fleetId, index, task, message);
        context.Command(MarkReleased).Set("$task", id).Set("$now", now).Set("$id", fleetId).Set("$idx", index).ExecuteNonQuery();
        return true;
    }

    // Exactly once: only from running or stopping, and it leaves the fleet fanning_in, all in this transaction.
    private static void StartFanIn(WriteContext context, long fleetId, long now)
    {
        NewTask task;
        using (var row = context.Command(SelectFanIn).Set("$id", fleetId).ExecuteReader())
        {
            row.Read();
            task = new NewTask(row.GetString(0), row.GetString(1)) { MaxAttempts = row.GetInt32(2) };
        }

        var id = Insert(context, fleetId, null, task, string.Create(CultureInfo.InvariantCulture, $"started by fleet #{fleetId} as its fan-in"));
        context.Command(SetFanIn).Set("$task", id).Set("$now", now).Set("$id", fleetId).ExecuteNonQuery();
    }

    private static long Insert(WriteContext context, long fleetId, int? slice, NewTask task, string message)
    {
        var data = JsonData.Object((fleetId, slice), static (w, s) =>
        {
            w.WriteNumber("fleetId", s.fleetId);
            if (s.slice is { } index)
            {
                w.WriteNumber("slice", index);
            }
        });
        var record = EnqueueOp.InsertTask(context, task with { Events = [.. task.Events, new JournalEntry(JournalKinds.FleetReleased, message, data)] });
        context.Command(TagTask).Set("$fleet", fleetId).Set("$slice", slice).Set("$id", record.Id).ExecuteNonQuery();
        return record.Id;
    }

    private static int Count(WriteContext context, long fleetId, SliceState state) =>
        (int)context.Command(CountState).Set("$id", fleetId).Set("$state", state.ToWireName()).ScalarInt64()!.Value;
}
