namespace Errand.Storage;

/// <summary>Checkpoints an agent resumes from.</summary>
public interface ICheckpointStore
{
    /// <summary>Saves a checkpoint and journals it, only while the lease's fence matches.</summary>
    Task<bool> SaveCheckpointAsync(LeaseToken lease, Checkpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>The newest checkpoint of a task, or null.</summary>
    Task<Checkpoint?> GetLatestCheckpointAsync(long taskId, CancellationToken cancellationToken);
}
