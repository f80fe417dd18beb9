namespace Errand.Tasks;

/// <summary>
/// The lifecycle's legal moves. Every state change goes through <c>TaskTransitions</c> in the engine,
/// which checks here first and then asks the store to apply the move conditionally.
/// </summary>
public static class TaskStateMachine
{
    private static readonly Dictionary<TaskState, TaskState[]> Moves = new()
    {
        [TaskState.Queued] = [TaskState.Running, TaskState.Cancelled, TaskState.Scheduled, TaskState.Failed],
        [TaskState.Running] =
        [
            TaskState.Succeeded, TaskState.Failed, TaskState.Partial, TaskState.Cancelled,
            TaskState.Queued, TaskState.WaitingForHuman, TaskState.RetryBackoff,
        ],
        // An answer resumes the task; "stop" to a used-up budget ends it partial without another run.
        [TaskState.WaitingForHuman] = [TaskState.Queued, TaskState.Cancelled, TaskState.Failed, TaskState.Partial],
        [TaskState.RetryBackoff] = [TaskState.Queued, TaskState.Cancelled, TaskState.Failed],
        [TaskState.Scheduled] = [TaskState.Queued, TaskState.Cancelled, TaskState.Failed],
        // A retry, a follow-up or an extension puts a finished task back in the queue.
        [TaskState.Succeeded] = [TaskState.Queued],
        [TaskState.Failed] = [TaskState.Queued],
        [TaskState.Partial] = [TaskState.Queued, TaskState.Cancelled],
        [TaskState.Cancelled] = [TaskState.Queued],
    };

    /// <summary>True when <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(TaskState from, TaskState to) => Moves[from].Contains(to);

    /// <summary>The states from which <paramref name="to"/> can be reached.</summary>
    public static IReadOnlyList<TaskState> SourcesOf(TaskState to) =>
        [.. Moves.Where(kv => kv.Value.Contains(to)).Select(kv => kv.Key)];

    /// <summary>Throws <see cref="InvalidTaskTransitionException"/> unless the move is legal.</summary>
    public static void EnsureCanMove(TaskState from, TaskState to)
    {
        if (!CanMove(from, to))
        {
            throw new InvalidTaskTransitionException(from, to);
        }
    }
}
