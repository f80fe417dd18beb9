using Errand.Tasks;

namespace Errand.Storage;

/// <summary>The tasks and their queue.</summary>
public interface ITaskStore
{
    /// <summary>
    /// Accepts a task durably: when this returns, the task and its <c>submitted</c> event survive a crash.
    /// Wakes workers waiting in <see cref="WaitForWorkAsync"/>.
    /// </summary>
    Task<TaskRecord> EnqueueAsync(NewTask task, CancellationToken cancellationToken);

    /// <summary>One task, or null.</summary>
    Task<TaskRecord?> GetAsync(long taskId, CancellationToken cancellationToken);

    /// <summary>Tasks matching the query, newest first.</summary>
    Task<IReadOnlyList<TaskRecord>> ListAsync(TaskQuery query, CancellationToken cancellationToken);

    /// <summary>How many tasks are in each state; a state with none is left out. What the task gauges report.</summary>
    Task<IReadOnlyDictionary<TaskState, long>> CountByStateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <see cref="ClaimRequest.MaxTasks"/> queued tasks, oldest first. Each claim moves the task to
    /// running, raises its attempt and its fence, sets the lease, and journals a <c>claimed</c> event.
    /// Two concurrent claimers never get the same task.
    /// </summary>
    Task<IReadOnlyList<TaskClaim>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken);

    /// <summary>Applies a conditional state change with its events and notifications, all or nothing.</summary>
    Task<TransitionOutcome> TransitionAsync(TaskTransition transition, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a running task for cancellation (its worker sees it on the next heartbeat) and journals it.
    /// Returns false when the task is not running.
    /// </summary>
    Task<bool> RequestCancelAsync(long taskId, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when work may be available: soon after an enqueue or requeue in this process or another on the same
    /// store, or after <paramref name="maxWait"/> at the latest (the floor, should a cross-process wake-up be lost).
    /// </summary>
    Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken);
}
