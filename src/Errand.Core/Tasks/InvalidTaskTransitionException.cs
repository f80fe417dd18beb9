namespace Errand.Tasks;

/// <summary>Raised when code asks for a move the lifecycle does not allow.</summary>
public sealed class InvalidTaskTransitionException(TaskState from, TaskState to)
    : InvalidOperationException($"A task cannot move from {from.ToWireName()} to {to.ToWireName()}.")
{
    /// <summary>The state the task was in.</summary>
    public TaskState From { get; } = from;

    /// <summary>The state that was asked for.</summary>
    public TaskState To { get; } = to;
}
