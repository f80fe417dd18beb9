using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Inserts a queued task with its <c>submitted</c> event and the submitter's own events.</summary>
internal sealed class EnqueueOp(NewTask task, CancellationToken cancellationToken) : WriteOp<TaskRecord>(cancellationToken)
{
    private const string Insert =
        "INSERT INTO tasks (title, state, spec_json, attempt, max_attempts, fence, cancel_requested, created_at, updated_at) " +
        "VALUES ($title, 'queued', $spec, 0, $max, 0, 0, $now, $now) RETURNING id";

    private TaskRecord? _record;

    protected override TaskRecord Result => _record!;

    public override void Execute(WriteContext context) => _record = InsertTask(context, task);

    public override void AfterCommit(WriteContext context) => context.Signal.Raise();

    /// <summary>Inserts the task and its events inside the running operation (a schedule's tick enqueues through this too).</summary>
    public static TaskRecord InsertTask(WriteContext context, NewTask task)
    {
        var now = context.Now();
        var id = context.Command(Insert)
            .Set("$title", task.Title)
            .Set("$spec", task.SpecJson)
            .Set("$max", task.MaxAttempts)
            .Set("$now", now)
            .ScalarInt64()!.Value;
        var data = JsonData.Object(task, static (w, t) =>
        {
            w.WriteString("title", t.Title);
            w.WriteNumber("maxAttempts", t.MaxAttempts);
        });
        JournalRows.Append(context, id, now, 0, JournalKinds.Submitted, $"submitted: {task.Title}", data);
        JournalRows.Append(context, id, now, 0, task.Events);
        var at = UnixTime.FromMicros(now);
        return new TaskRecord
        {
            Id = id,
            Title = task.Title,
            State = TaskState.Queued,
            SpecJson = task.SpecJson,
            MaxAttempts = task.MaxAttempts,
            CreatedAt = at,
            UpdatedAt = at,
        };
    }
}
