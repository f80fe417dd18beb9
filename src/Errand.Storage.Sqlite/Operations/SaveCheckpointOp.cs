using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Replaces a task's checkpoint and journals it, only while the owner's lease holds.</summary>
internal sealed class SaveCheckpointOp(LeaseToken lease, Checkpoint checkpoint, CancellationToken cancellationToken) : WriteOp<bool>(cancellationToken)
{
    private const string Upsert =
        "INSERT INTO checkpoints (task_id, attempt, step, state_json, workspace_commit, at) " +
        "VALUES ($task, $attempt, $step, $state, $commit, $at) " +
        "ON CONFLICT (task_id) DO UPDATE SET attempt = excluded.attempt, step = excluded.step, " +
        "state_json = excluded.state_json, workspace_commit = excluded.workspace_commit, at = excluded.at";

    private bool _saved;

    protected override bool Result => _saved;

    public override void Execute(WriteContext context)
    {
        // FENCING: a worker that lost its lease must not replace the checkpoint the new owner resumes from.
        var attempt = Fences.CurrentAttempt(context, lease);
        _saved = attempt is not null;
        if (!_saved)
        {
            return;
        }

        var now = context.Now();
        context.Command(Upsert)
            .Set("$task", lease.TaskId)
            .Set("$attempt", checkpoint.Attempt)
            .Set("$step", checkpoint.Step)
            .Set("$state", checkpoint.StateJson)
            .Set("$commit", checkpoint.WorkspaceCommit)
            .Set("$at", now)
            .ExecuteNonQuery();
        var data = JsonData.Object(checkpoint, static (w, c) =>
        {
            w.WriteNumber("attempt", c.Attempt);
            w.WriteNumber("step", c.Step);
            w.WriteStringOrNull("workspaceCommit", c.WorkspaceCommit);
        });
        JournalRows.Append(context, lease.TaskId, now, attempt!.Value, JournalKinds.Checkpoint, $"checkpoint at step {checkpoint.Step}", data);
    }
}
