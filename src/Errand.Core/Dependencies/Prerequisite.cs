namespace Errand.Dependencies;

/// <summary>
/// A resolved prerequisite, as the store takes it: a task already in the store, or another task of the same batch
/// (<see cref="Storage.IDependencyStore.EnqueueBatchAsync"/>) by its index.
/// </summary>
/// <param name="TaskId">The id of a task in the store.</param>
/// <param name="BatchIndex">The index of a task in the same batch.</param>
public sealed record Prerequisite(long? TaskId, int? BatchIndex)
{
    /// <summary>A task already in the store.</summary>
    public static Prerequisite OnTask(long taskId) => new(taskId, null);

    /// <summary>Another task of the same batch.</summary>
    public static Prerequisite InBatch(int index) => new(null, index);
}
