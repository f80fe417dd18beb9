using System.Globalization;
using Errand.Budgets;
using Errand.Scheduling;
using Errand.Tasks;

namespace Errand.Storage.Postgres.Scheduling;

/// <summary>
/// Decides one tick of a schedule under its overlap policy and concurrency limit, inside a <see cref="ScheduleSession"/>.
/// The schedule's row is locked first, so schedulers on several hosts take turns: the cursor check, the tick row and
/// its task commit together, and the second scheduler to reach a tick finds the cursor already past it and writes
/// nothing. That is the exactly-once guarantee; the unique (schedule, tick) index is its backstop.
/// </summary>
internal static class TickDecision
{
    // $3, when given, is the cursor the tick was planned from: a plan made before another scheduler moved it is stale.
    private const string Advance = "UPDATE schedules SET cursor = $2 WHERE id = $1 AND cursor < $2 AND NOT paused AND ($3 IS NULL OR cursor = $3)";

    public static async Task<TickResult> DecideAsync(ScheduleSession session, TickRequest request, CancellationToken cancellationToken)
    {
        var schedule = await session.LockAsync(request.ScheduleId, cancellationToken);
        if (schedule is null)
        {
            return new TickResult(TickStatus.NotFound, null);
        }

        if (!request.Manual)
        {
            if (schedule.Paused)
            {
                return new TickResult(TickStatus.Paused, null);
            }

            await using var advance = session.Command(Advance, schedule.Id, Rows.StoreTime.Truncate(request.TickAt), Rows.Parameters.Time(request.PlannedFrom));
            if (await advance.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return new TickResult(TickStatus.AlreadyDecided, null);
            }
        }

        if (request.Late)
        {
            var late = $"no scheduler ran within its catch-up window ({Describe(schedule.CatchUp)})";
            return await DecidedAsync(session, await session.RecordAsync(request, TickOutcome.Missed, late, null, cancellationToken), null, [], [], cancellationToken);
        }

        var unfinished = await session.UnfinishedAsync(schedule.Id, cancellationToken);
        var released = await session.ReleaseAsync(schedule, unfinished, cancellationToken);
        var pending = await session.PendingAsync(schedule.Id, cancellationToken);
        var policy = request.Manual ? OverlapPolicy.AllowAll : schedule.Overlap;
        var busy = unfinished.Count > 0 ? $"run {Runs(unfinished)} unfinished" : "";
        var (outcome, reason) = policy switch
        {
            OverlapPolicy.Skip when unfinished.Count > 0 => (TickOutcome.Skipped, busy),
            OverlapPolicy.BufferOne when unfinished.Count > 0 || pending > 0 =>
                pending > 0 ? (TickOutcome.Skipped, $"{busy}; a run already waits") : (TickOutcome.Pending, $"waits: {busy}"),
            OverlapPolicy.AllowAll when pending > 0 || unfinished.Count >= ScheduleSession.Limit(schedule) =>
                (TickOutcome.Pending, $"waits: {unfinished.Count} of at most {ScheduleSession.Limit(schedule)} runs unfinished"),
            _ => (TickOutcome.Fired, null),
        };
        if (outcome != TickOutcome.Fired)
        {
            return await DecidedAsync(session, await session.RecordAsync(request, outcome, reason, null, cancellationToken), null, [], released, cancellationToken);
        }

        // Cancelling the superseded runs is the caller's move (through the one place task states change); the new
        // run is queued now either way, so a crash in between leaves an extra run, never a lost one.
        var superseded = policy == OverlapPolicy.CancelOther ? unfinished : [];
        var fired = superseded.Count > 0 ? $"cancels run {Runs(superseded)}" : null;
        var (tickId, task) = await session.FireAsync(schedule, request, fired, cancellationToken);
        return await DecidedAsync(session, tickId, task, superseded, released, cancellationToken);
    }

    private static async Task<TickResult> DecidedAsync(
        ScheduleSession session, long tickId, TaskRecord? task, List<long> superseded, List<long> released, CancellationToken cancellationToken)
    {
        var ticks = new List<TickRecord>(released.Count);
        foreach (var id in released)
        {
            ticks.Add(await session.TickAsync(id, cancellationToken));
        }

        return new TickResult(TickStatus.Decided, await session.TickAsync(tickId, cancellationToken))
        {
            Task = task,
            Superseded = superseded,
            Released = ticks,
        };
    }

    private static string Runs(List<long> taskIds) => string.Join(", ", taskIds.Select(id => "#" + id.ToString(CultureInfo.InvariantCulture)));

    private static string Describe(TimeSpan window) => BudgetText.Duration(window < TickPlanner.Grace ? TickPlanner.Grace : window);
}
