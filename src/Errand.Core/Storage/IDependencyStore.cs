using Errand.Dependencies;
using Errand.Tasks;

namespace Errand.Storage;

/// <summary>
/// Tasks that wait for others (<see cref="NewTask.After"/>). A task whose prerequisites have not all succeeded is
/// accepted <see cref="TaskState.Scheduled"/>, and the store moves it to <see cref="TaskState.Queued"/> in the same
/// transaction as its last prerequisite's success (<see cref="ITaskStore.TransitionAsync"/> to succeeded): no poll, no lag,
/// exactly once however many workers finish prerequisites at the same moment. A prerequisite that ends without
/// succeeding is the engine's to act on (<see cref="ListBlockedAsync"/>): the dependant's end is a state change with
/// notifications, which go through <c>TaskTransitions</c>.
/// </summary>
public interface IDependencyStore
{
    /// <summary>
    /// Accepts several tasks atomically, in order: all or none. A prerequisite may be a task in the store or another task
    /// of the batch (<see cref="Prerequisite.InBatch"/>); an unknown task id or a cycle within the batch is refused with an
    /// <see cref="ArgumentException"/> before anything is written. Each task is queued when every prerequisite has
    /// already succeeded, else scheduled. Wakes workers as <see cref="ITaskStore.EnqueueAsync"/> does.
    /// </summary>
    Task<IReadOnlyList<TaskRecord>> EnqueueBatchAsync(IReadOnlyList<NewTask> tasks, CancellationToken cancellationToken);

    /// <summary>The id of the newest task called <paramref name="name"/>, or null.</summary>
    Task<long?> FindNamedAsync(string name, CancellationToken cancellationToken);

    /// <summary>The task's prerequisites and dependants, by id, ascending; empty lists for an unknown task.</summary>
    Task<TaskLinks> GetLinksAsync(long taskId, CancellationToken cancellationToken);

    /// <summary>
    /// Tasks still waiting (scheduled) although a prerequisite ended failed, cancelled or partial, oldest first, each with
    /// one such prerequisite; at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<BlockedTask>> ListBlockedAsync(int limit, CancellationToken cancellationToken);
}
