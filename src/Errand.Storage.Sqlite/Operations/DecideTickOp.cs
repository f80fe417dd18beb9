using System.Globalization;
using Errand.Budgets;
using Errand.Scheduling;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>
/// Decides one tick of a schedule under its overlap policy and concurrency limit. Runs under SQLite's write lock, so
/// schedulers in several processes take turns: the cursor check, the tick row and its task commit together, and the
/// second scheduler to reach a tick finds the cursor already past it and writes nothing. That is the exactly-once
/// guarantee; the unique (schedule, tick) index is its backstop.
/// </summary>
internal sealed class DecideTickOp(TickRequest request, CancellationToken cancellationToken) : WriteOp<TickResult>(cancellationToken)
{
    private const string Advance =
        "UPDATE schedules SET cursor = $tick WHERE id = $id AND cursor < $tick AND paused = 0 AND ($from IS NULL OR cursor = $from)";

    private TickResult _result = new(TickStatus.NotFound, null);
    private bool _enqueued;

    protected override TickResult Result => _result;

    public override void Execute(WriteContext context)
    {
        _enqueued = false;
        var schedule = ScheduleRows.Single(context.Command(ScheduleRows.SelectById).Set("$id", request.ScheduleId));
        if (schedule is null)
        {
            _result = new TickResult(TickStatus.NotFound, null);
            return;
        }

        if (!request.Manual)
        {
            if (schedule.Paused)
            {
                _result = new TickResult(TickStatus.Paused, null);
                return;
            }

            var from = request.PlannedFrom is { } planned ? UnixTime.ToMicros(planned) : (long?)null;
            var moved = context.Command(Advance).Set("$id", schedule.Id).Set("$tick", UnixTime.ToMicros(request.TickAt)).Set("$from", from)
                .ExecuteNonQuery();
            if (moved == 0)
            {
                _result = new TickResult(TickStatus.AlreadyDecided, null);
                return;
            }
        }

        if (request.Late)
        {
            var reason = $"no scheduler ran within its catch-up window ({Describe(schedule.CatchUp)})";
            _result = Decided(context, ScheduleRuns.Record(context, request, TickOutcome.Missed, reason), null, [], []);
            return;
        }

        var unfinished = ScheduleRuns.Unfinished(context, schedule.Id);
        var released = ScheduleRuns.Release(context, schedule, unfinished);
        var pending = ScheduleRuns.Pending(context, schedule.Id);
        _enqueued = released.Count > 0;
        var policy = request.Manual ? OverlapPolicy.AllowAll : schedule.Overlap;
        var busy = unfinished.Count > 0 ? $"run {Runs(unfinished)} unfinished" : "";
        switch (policy)
        {
            case OverlapPolicy.Skip when unfinished.Count > 0:
                _result = Decided(context, ScheduleRuns.Record(context, request, TickOutcome.Skipped, busy), null, [], released);
                return;
            case OverlapPolicy.BufferOne when unfinished.Count > 0 || pending > 0:
                var outcome = pending > 0 ? TickOutcome.Skipped : TickOutcome.Pending;
                var why = pending > 0 ? $"{busy}; a run already waits" : $"waits: {busy}";
                _result = Decided(context, ScheduleRuns.Record(context, request, outcome, why), null, [], released);
                return;
            case OverlapPolicy.AllowAll when pending > 0 || unfinished.Count >= ScheduleRuns.Limit(schedule):
                var queued = $"waits: {unfinished.Count} of at most {ScheduleRuns.Limit(schedule)} runs unfinished";
                _result = Decided(context, ScheduleRuns.Record(context, request, TickOutcome.Pending, queued), null, [], released);
                return;
        }

        // Cancelling the superseded runs is the caller's move (through the one place task states change); the new
        // run is queued now either way, so a crash in between leaves an extra run, never a lost one.
        var superseded = policy == OverlapPolicy.CancelOther ? unfinished : [];
        var reasonFired = superseded.Count > 0 ? $"cancels run {Runs(superseded)}" : null;
        var (tickId, task) = ScheduleRuns.Fire(context, schedule, request, reasonFired);
        _enqueued = true;
        _result = Decided(context, tickId, task, superseded, released);
    }

    public override void AfterCommit(WriteContext context)
    {
        if (_enqueued)
        {
            context.Signal.Raise();
        }
    }

    private static TickResult Decided(WriteContext context, long tickId, TaskRecord? task, List<long> superseded, List<long> released) =>
        new(TickStatus.Decided, TickRows.Get(context.Command(TickRows.SelectById), tickId))
        {
            Task = task,
            Superseded = superseded,
            Released = [.. released.Select(id => TickRows.Get(context.Command(TickRows.SelectById), id))],
        };

    private static string Runs(List<long> taskIds) => string.Join(", ", taskIds.Select(id => "#" + id.ToString(CultureInfo.InvariantCulture)));

    private static string Describe(TimeSpan window) => BudgetText.Duration(window < TickPlanner.Grace ? TickPlanner.Grace : window);
}
