namespace Errand.Storage;

/// <summary>
/// Proof of ownership a worker presents with every write. The store applies a write only while the task's
/// fence still equals <see cref="Fence"/>; any change of owner raises the fence, so a worker that lost its
/// lease (paused, partitioned, killed and revived) can never overwrite the work of the one that took over.
/// </summary>
/// <param name="TaskId">The task.</param>
/// <param name="WorkerId">The worker that claimed it.</param>
/// <param name="Fence">The fencing token the claim received.</param>
public sealed record LeaseToken(long TaskId, string WorkerId, long Fence);
