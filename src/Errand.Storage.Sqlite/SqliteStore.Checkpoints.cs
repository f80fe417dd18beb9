using Errand.Storage.Sqlite.Operations;
using Errand.Storage.Sqlite.Rows;

namespace Errand.Storage.Sqlite;

/// <summary>Checkpoints.</summary>
public sealed partial class SqliteStore
{
    private const string SelectCheckpoint =
        "SELECT task_id, attempt, step, state_json, workspace_commit, at FROM checkpoints WHERE task_id = $task";

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

        return _writer.SubmitAsync(new SaveCheckpointOp(lease, checkpoint, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<Checkpoint?> GetLatestCheckpointAsync(long taskId, CancellationToken cancellationToken) =>
        ReadAsync(reader =>
        {
            using var row = reader.Get(SelectCheckpoint).Set("$task", taskId).ExecuteReader();
            return row.Read()
                ? new Checkpoint(
                    row.GetInt64(0),
                    row.GetInt32(1),
                    row.GetInt32(2),
                    row.GetString(3),
                    row.IsDBNull(4) ? null : row.GetString(4),
                    UnixTime.FromMicros(row.GetInt64(5)))
                : null;
        }, cancellationToken);
}
