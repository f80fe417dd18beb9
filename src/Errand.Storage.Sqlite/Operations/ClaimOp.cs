using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Claims the oldest queued tasks for one worker: running, attempt and fence raised, lease set, one <c>claimed</c> event each.</summary>
internal sealed class ClaimOp(ClaimRequest request, CancellationToken cancellationToken) : WriteOp<IReadOnlyList<TaskClaim>>(cancellationToken)
{
    // "LIMIT $max + 0": SQLite 3.4x plans on a bare bound LIMIT and would re-prepare this statement at every
    // execution; the expression keeps the cached plan (see Statement).
    // FENCING: fence = fence + 1 gives the new owner a token no earlier owner holds. The UPDATE runs under the
    // writer's exclusive write lock (BEGIN IMMEDIATE), across processes too, so two claimers never see the same
    // queued row: the second one's subquery runs after the first one's change.
    private const string Claim =
        "UPDATE tasks SET state = 'running', attempt = attempt + 1, fence = fence + 1, lease_owner = $worker, " +
        "lease_expires_at = $expires, started_at = COALESCE(started_at, $now), updated_at = $now, reason = NULL " +
        "WHERE id IN (SELECT id FROM tasks WHERE state = 'queued' ORDER BY id LIMIT $max + 0) " +
        $"RETURNING {TaskRows.Columns}";

    // The same claim of tasks picked under the concurrency limits (ClaimLimits), still queued under the same write lock.
    private const string ClaimPicked =
        "UPDATE tasks SET state = 'running', attempt = attempt + 1, fence = fence + 1, lease_owner = $worker, " +
        "lease_expires_at = $expires, started_at = COALESCE(started_at, $now), updated_at = $now, reason = NULL " +
        "WHERE id IN (SELECT value FROM json_each($ids)) AND state = 'queued' " +
        $"RETURNING {TaskRows.Columns}";

    private List<TaskClaim> _claims = [];
    private long _generation;

    protected override IReadOnlyList<TaskClaim> Result => _claims;

    public override void Execute(WriteContext context)
    {
        // Read before looking at the queue: see WorkSignal for why this makes an empty claim a safe proof.
        _generation = context.Signal.Generation;
        var now = context.Now();
        var claimed = new List<TaskRecord>(request.MaxTasks);
        var limits = ClaimLimits.Read(context);
        context.LimitsActive = limits.Count > 0;
        var command = limits.Count == 0
            ? context.Command(Claim).Set("$max", request.MaxTasks)
            : context.Command(ClaimPicked).Set("$ids", System.Text.Json.JsonSerializer.Serialize(ClaimLimits.Pick(context, limits, request.MaxTasks)));
        using (var rows = command
            .Set("$worker", request.WorkerId)
            .Set("$expires", now + UnixTime.ToMicros(request.LeaseDuration))
            .Set("$now", now)
            .ExecuteReader())
        {
            while (rows.Read())
            {
                claimed.Add(TaskRows.Read(rows));
            }
        }

        // RETURNING gives rows in no promised order; callers get them oldest first.
        claimed.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        _claims = new List<TaskClaim>(claimed.Count);
        foreach (var task in claimed)
        {
            var data = JsonData.Object(task, static (w, t) =>
            {
                w.WriteString("worker", t.LeaseOwner);
                w.WriteNumber("attempt", t.Attempt);
                w.WriteNumber("fence", t.Fence);
            });
            JournalRows.Append(context, task.Id, now, task.Attempt, JournalKinds.Claimed,
                $"claimed by {task.LeaseOwner} (attempt {task.Attempt})", data);
            _claims.Add(new TaskClaim(task, new LeaseToken(task.Id, request.WorkerId, task.Fence)));
        }
    }

    public override void AfterCommit(WriteContext context)
    {
        if (_claims.Count < request.MaxTasks)
        {
            context.Signal.Drained(_generation);
        }
    }
}
