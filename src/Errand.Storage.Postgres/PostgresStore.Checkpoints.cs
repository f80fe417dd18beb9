using Errand.Journal;
using Errand.Storage.Postgres.Rows;

namespace Errand.Storage.Postgres;

/// <summary>Checkpoints.</summary>
public sealed partial class PostgresStore
{
    // FENCING: a worker that lost its lease must not replace the checkpoint the new owner resumes from; the lease
    // is checked under the task's row lock, held until the checkpoint and its event commit.
    private const string SaveCheckpoint =
        "WITH t AS (SELECT id, attempt FROM tasks WHERE id = $1 AND fence = $2 AND lease_owner = $3 AND state = 'running' FOR NO KEY UPDATE), " +
        "c AS (INSERT INTO checkpoints (task_id, attempt, step, state_json, workspace_commit, at) " +
        "SELECT t.id, $4, $5, $6, $7, $8 FROM t ON CONFLICT (task_id) DO UPDATE SET attempt = excluded.attempt, step = excluded.step, " +
        "state_json = excluded.state_json, workspace_commit = excluded.workspace_commit, at = excluded.at), " +
        "j AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) SELECT t.id, $8, t.attempt, $9, $10, $11 FROM t) " +
        "SELECT count(*) FROM t";

    private const string SelectCheckpoint =
        "SELECT task_id, attempt, step, state_json, workspace_commit, at FROM checkpoints WHERE task_id = $1";

    /// <inheritdoc/>
    /// <remarks>The stored <see cref="Checkpoint.At"/> is the store's clock at the save, not the caller's.</remarks>
    public Task<bool> SaveCheckpointAsync(LeaseToken lease, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(checkpoint.StateJson);
        if (lease.TaskId != checkpoint.TaskId)
        {
            throw new ArgumentException("The lease belongs to another task.", nameof(lease));
        }

        var data = EventData.Of(new { attempt = checkpoint.Attempt, step = checkpoint.Step, workspaceCommit = checkpoint.WorkspaceCommit });
        // Not repeated after a lost answer: its journal event would be written twice.
        return Journaled(OnceAsync(async (connection, token) =>
        {
            await using var command = Command(connection, SaveCheckpoint, lease.TaskId, lease.Fence, lease.WorkerId,
                checkpoint.Attempt, checkpoint.Step, checkpoint.StateJson, Parameters.Text(checkpoint.WorkspaceCommit), Now(),
                JournalKinds.Checkpoint, $"checkpoint at step {checkpoint.Step}", data);
            return await command.ExecuteScalarAsync(token) is > 0L;
        }, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<Checkpoint?> GetLatestCheckpointAsync(long taskId, CancellationToken cancellationToken) =>
        RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, SelectCheckpoint, taskId);
            await using var row = await command.ExecuteReaderAsync(token);
            return await row.ReadAsync(token)
                ? new Checkpoint(
                    row.GetInt64(0),
                    row.GetInt32(1),
                    row.GetInt32(2),
                    row.GetString(3),
                    row.IsDBNull(4) ? null : row.GetString(4),
                    row.GetFieldValue<DateTimeOffset>(5))
                : null;
        }, cancellationToken);
}
