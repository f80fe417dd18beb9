using Errand.Dependencies;
using Errand.Journal;
using Errand.Limits;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>
/// Inserts tasks, all or none, each with its <c>submitted</c> event, the submitter's own events and its prerequisites:
/// queued when every prerequisite has succeeded already, else scheduled until the last one does.
/// </summary>
internal sealed class EnqueueOp(IReadOnlyList<NewTask> tasks, CancellationToken cancellationToken) : WriteOp<IReadOnlyList<TaskRecord>>(cancellationToken)
{
    private const string Insert =
        "INSERT INTO tasks (title, state, spec_json, attempt, max_attempts, fence, cancel_requested, created_at, updated_at, name, repo, reason) " +
        "VALUES ($title, $state, $spec, 0, $max, 0, 0, $now, $now, $name, $repo, NULL) RETURNING id";

    private IReadOnlyList<TaskRecord> _records = [];

    protected override IReadOnlyList<TaskRecord> Result => _records;

    public override void Execute(WriteContext context)
    {
        BatchGraph.Check(tasks);
        var stored = Prerequisites.States(context, tasks.SelectMany(t => t.After).Select(p => p.TaskId).OfType<long>());
        var records = new TaskRecord[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            // An in-batch prerequisite is new, so never succeeded; a stored one may have already.
            var waits = tasks[i].After.Any(p => p.BatchIndex is not null || stored[p.TaskId!.Value] != TaskState.Succeeded);
            records[i] = InsertTask(context, tasks[i], waits ? TaskState.Scheduled : TaskState.Queued);
        }

        for (var i = 0; i < tasks.Count; i++)
        {
            var after = tasks[i].After.Select(p => p.TaskId ?? records[p.BatchIndex!.Value].Id).ToList();
            Prerequisites.Link(context, records[i].Id, after);
            if (records[i].State == TaskState.Scheduled)
            {
                // Written once every id of the batch is known: a task may wait for one inserted after it.
                var reason = DependencyReasons.Waiting(after.Where(id => !stored.TryGetValue(id, out var state) || state != TaskState.Succeeded));
                Prerequisites.SetReason(context, records[i].Id, reason);
                records[i] = records[i] with { Reason = reason };
            }
        }

        _records = records;
    }

    public override void AfterCommit(WriteContext context)
    {
        if (_records.Any(r => r.State == TaskState.Queued))
        {
            context.Signal.Raise();
        }
    }

    /// <summary>Inserts a queued task and its events inside the running operation (a schedule's tick enqueues through this too).</summary>
    public static TaskRecord InsertTask(WriteContext context, NewTask task) => InsertTask(context, task, TaskState.Queued);

    private static TaskRecord InsertTask(WriteContext context, NewTask task, TaskState state)
    {
        var now = context.Now();
        var id = context.Command(Insert)
            .Set("$title", task.Title)
            .Set("$state", state.ToWireName())
            .Set("$spec", task.SpecJson)
            .Set("$max", task.MaxAttempts)
            .Set("$now", now)
            .Set("$name", task.Name)
            .Set("$repo", RepoKey.FromSpecJson(task.SpecJson))
            .ScalarInt64()!.Value;
        var data = JsonData.Object(task, static (w, t) =>
        {
            w.WriteString("title", t.Title);
            w.WriteNumber("maxAttempts", t.MaxAttempts);
            w.WriteStringOrNull("name", t.Name);
        });
        JournalRows.Append(context, id, now, 0, JournalKinds.Submitted, $"submitted: {task.Title}", data);
        JournalRows.Append(context, id, now, 0, task.Events);
        var at = UnixTime.FromMicros(now);
        return new TaskRecord
        {
            Id = id,
            Title = task.Title,
            Name = task.Name,
            State = state,
            SpecJson = task.SpecJson,
            MaxAttempts = task.MaxAttempts,
            CreatedAt = at,
            UpdatedAt = at,
        };
    }
}
