using Errand.Dependencies;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Engine.Tasks;

/// <summary>Tasks that wait for others: submitting them, and what a prerequisite that did not succeed does to them.</summary>
public sealed partial class TaskTransitions
{
    private const int SettleBatch = 100;

    private static readonly TaskState[] FromScheduled = [TaskState.Scheduled];

    /// <summary>
    /// Resolves the <c>after:</c> refs of specs to submit together (<see cref="DependencyPlan"/>) against the batch and the
    /// store: names to the newest stored task of each, ids that exist. Reads only.
    /// </summary>
    public async Task<DependencyPlanResult> PlanAsync(IReadOnlyList<PlanEntry> entries, CancellationToken cancellationToken)
    {
        var (names, ids) = DependencyPlan.External(entries);
        var storedNames = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (await store.FindNamedAsync(name, cancellationToken) is { } id)
            {
                storedNames[name] = id;
            }
        }

        var storedIds = new HashSet<long>();
        foreach (var id in ids)
        {
            if (await store.GetAsync(id, cancellationToken) is not null)
            {
                storedIds.Add(id);
            }
        }

        return DependencyPlan.Resolve(entries, storedNames, storedIds);
    }

    /// <summary>
    /// Accepts several tasks atomically (<see cref="IDependencyStore.EnqueueBatchAsync"/>): each queued, or scheduled until
    /// its prerequisites succeed. One that waits for a task that has already failed meets its policy at once.
    /// </summary>
    public async Task<IReadOnlyList<TaskRecord>> SubmitBatchAsync(IReadOnlyList<NewTask> tasks, CancellationToken cancellationToken)
    {
        var accepted = await store.EnqueueBatchAsync(tasks, cancellationToken);
        _metrics.Transitioned(TaskState.Queued, accepted.Count(t => t.State == TaskState.Queued));
        if (accepted.Any(t => t.State == TaskState.Scheduled))
        {
            await SettleBlockedAsync(cancellationToken);
        }

        return accepted;
    }

    /// <summary>
    /// Ends every task still waiting for a prerequisite that failed, was cancelled or stopped partial, by the waiting
    /// task's <c>on_prerequisite_failure</c>: failed, or cancelled (skipped), its reason naming the prerequisite, with the
    /// notifications of that end. Repeats until none is left, so the policy cascades through chains of dependants.
    /// Called after every end that is not a success, and by the reaper's loop (which also covers a process that died
    /// between a prerequisite's end and this). Safe on many nodes at once: each end applies once (state and fence
    /// conditional). Returns how many tasks it ended.
    /// </summary>
    public async Task<int> SettleBlockedAsync(CancellationToken cancellationToken)
    {
        var ended = 0;
        while (true)
        {
            var blocked = await store.ListBlockedAsync(SettleBatch, cancellationToken);
            var round = 0;
            foreach (var item in blocked)
            {
                round += await EndBlockedAsync(item, cancellationToken) ? 1 : 0;
            }

            ended += round;
            // An end may block the ended task's own dependants: look again until nothing is left. A round that ended
            // nothing means another node is settling the same tasks; it finishes the cascade.
            if (blocked.Count == 0 || round == 0)
            {
                return ended;
            }
        }
    }

    private async Task<bool> EndBlockedAsync(BlockedTask item, CancellationToken cancellationToken)
    {
        var task = item.Task;
        var policy = TaskSpecJson.Deserialize(task.SpecJson).OnPrerequisiteFailure;
        var prerequisite = item.PrerequisiteName is { } name ? $"prerequisite #{item.PrerequisiteId} ({name})" : $"prerequisite #{item.PrerequisiteId}";
        var how = item.PrerequisiteState switch
        {
            TaskState.Cancelled => "was cancelled",
            TaskState.Partial => "stopped partway (partial)",
            _ => "failed",
        };
        var (to, reason) = policy == PrerequisitePolicies.Skip
            ? (TaskState.Cancelled, $"skipped: {prerequisite} {how}")
            : (TaskState.Failed, $"{prerequisite} {how}");
        var outcome = await MoveAsync(
            new TaskTransition(task.Id, FromScheduled, to)
            {
                Reason = reason,
                ExpectedFence = task.Fence,
                Notifications = Notify(task, to, reason, null, Occurrence(task.Fence)),
            },
            cancellationToken);
        return outcome.Applied;
    }
}
