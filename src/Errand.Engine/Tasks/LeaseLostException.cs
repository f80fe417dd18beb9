using Errand.Storage;

namespace Errand.Engine.Tasks;

/// <summary>The worker no longer owns the task: it must stop and write nothing more.</summary>
public sealed class LeaseLostException(LeaseToken lease)
    : Exception($"task {lease.TaskId}: lease (fence {lease.Fence}) is no longer held by {lease.WorkerId}")
{
    /// <summary>The lease that was lost.</summary>
    public LeaseToken Lease { get; } = lease;
}
