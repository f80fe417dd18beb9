using System.Globalization;
using Errand.Fleets;
using Errand.Notifications;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Engine.Tasks;

/// <summary>Fleets: creating one (its first slices released as tasks), cancelling one with its slices, and stopping one's slices under its failure policy.</summary>
public sealed partial class TaskTransitions
{
    /// <summary>Creates a fleet; the store releases its first <c>max_parallel</c> slices as queued tasks in the same transaction.</summary>
    public Task<FleetRecord> SubmitFleetAsync(NewFleet fleet, CancellationToken cancellationToken) =>
        store.CreateFleetAsync(fleet, cancellationToken);

    /// <summary>
    /// The owner ends a fleet's planner with success: <paramref name="slices"/> (the approved ones, rendered from the
    /// fleet's template) are stored and the first released in the same transaction. False when its lease is gone.
    /// </summary>
    public Task<bool> FinishPlanningAsync(
        TaskClaim claim, IReadOnlyList<NewFleetSlice> slices, string reason, Results.TaskResult? result, IReadOnlyList<Journal.JournalEntry> events,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slices);
        if (slices.Count == 0)
        {
            throw new ArgumentException("a planner hands its fleet at least one slice", nameof(slices));
        }

        return FinishAsync(claim, TaskState.Succeeded, reason, result, events, slices, cancellationToken);
    }

    /// <summary>
    /// Cancels a fleet: its pending slices never run, no fan-in starts, and its released tasks (queued, parked or
    /// running, and a fan-in already under way) are cancelled through the usual path, the running ones on their next
    /// heartbeat. The fleet's channels hear <c>fleet_finished</c> from the same transaction that cancels it.
    /// </summary>
    public async Task<FleetCancellation> CancelFleetAsync(long fleetId, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (await store.GetFleetAsync(fleetId, cancellationToken) is not { } fleet)
        {
            return new FleetCancellation(false, false, []);
        }

        var payload = new NotificationPayload(NotificationEvents.FleetFinished, fleet.Title, _time.GetUtcNow())
        {
            State = FleetState.Cancelled.ToWireName(),
            Reason = reason,
            Subject = "fleet-" + fleetId.ToString(CultureInfo.InvariantCulture),
        };
        var rows = _notifications.For(TaskSpecJson.Deserialize(fleet.SpecJson), payload, "cancelled");
        var cancellation = await store.CancelFleetAsync(fleetId, reason, rows, cancellationToken);
        var unfinished = cancellation.Unfinished;
        if (!cancellation.Cancelled && fleet.State == FleetState.Cancelled)
        {
            // Cancelled before (perhaps by a call that stopped partway): its tasks still running are cancelled again.
            var slices = await store.ListSlicesAsync(fleetId, cancellationToken);
            unfinished = [.. slices.Where(s => s.TaskId is not null && s.TaskState is { } t && !t.IsTerminal()).Select(s => s.TaskId!.Value)];
        }

        var why = $"fleet #{fleetId} cancelled: {reason}";
        foreach (var taskId in unfinished)
        {
            await CancelAsync(taskId, why, cancellationToken);
        }

        return cancellation with { Unfinished = unfinished };
    }

    /// <summary>
    /// Stop means stop: once a fleet's failure policy stops it (<c>on_failure: { stop_after: N }</c>), the store skips its
    /// pending slices in the transaction of the failure that crossed the limit, and here its released slices still
    /// queued, parked or running are cancelled through the usual path — a running one on its worker's next heartbeat,
    /// its work so far committed on its branch — each with the fleet's reason in its journal. Their ends then start the
    /// fan-in, which reports (or merges) the slices that succeeded. Called after a slice fails, and by every lease
    /// reaper pass, which finishes the job when a process died between the failure and these cancels.
    /// </summary>
    public async Task StopHaltedSlicesAsync(CancellationToken cancellationToken)
    {
        foreach (var slice in await store.ListSlicesToStopAsync(cancellationToken))
        {
            await CancelAsync(slice.TaskId, $"fleet #{slice.FleetId.ToString(CultureInfo.InvariantCulture)} {slice.Reason}", cancellationToken);
        }
    }
}
