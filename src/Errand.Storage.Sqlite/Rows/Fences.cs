using Errand.Storage.Sqlite.Connections;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Rows;

/// <summary>The lease check every owner's write makes before it writes anything.</summary>
internal static class Fences
{
    /// <summary>The condition that proves ownership: the same fence, the same worker, and the task still running.</summary>
    public const string Holds = "fence = $fence AND lease_owner = $worker AND state = 'running'";

    private const string SelectAttempt = $"SELECT attempt FROM tasks WHERE id = $id AND {Holds}";

    private const string SelectAnyAttempt = "SELECT attempt FROM tasks WHERE id = $id";

    /// <summary>
    /// The task's attempt when <paramref name="lease"/> still holds, else null. FENCING: the writer's transaction
    /// holds the database's write lock from here to COMMIT, so no claim, release, reclaim or transition can raise
    /// the fence between this check and the caller's writes; a null here means the caller writes nothing at all.
    /// </summary>
    public static int? CurrentAttempt(WriteContext context, LeaseToken lease)
    {
        var attempt = context.Command(SelectAttempt)
            .Set("$id", lease.TaskId)
            .Set("$fence", lease.Fence)
            .Set("$worker", lease.WorkerId)
            .ScalarInt64();
        return attempt is null ? null : (int)attempt.Value;
    }

    /// <summary>
    /// The attempt a write is made under: with a lease, as <see cref="CurrentAttempt"/> (null when it no longer
    /// holds); without one (the submitter, an operator, a watcher), the task's, or null when there is no such task.
    /// </summary>
    public static int? AttemptFor(WriteContext context, long taskId, LeaseToken? lease) => lease is null
        ? (int?)context.Command(SelectAnyAttempt).Set("$id", taskId).ScalarInt64()
        : CurrentAttempt(context, lease);

    /// <summary>Binds the lease's parameters for a statement that embeds <see cref="Holds"/>.</summary>
    public static Statement SetLease(this Statement command, LeaseToken lease) =>
        command.Set("$id", lease.TaskId).Set("$fence", lease.Fence).Set("$worker", lease.WorkerId);
}
