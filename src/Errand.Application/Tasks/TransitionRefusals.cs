using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>Why a task's state refuses a retry, follow-up or extension: the same words from the CLI, on the store or through the API.</summary>
public static class TransitionRefusals
{
    /// <summary>A retry needs an ended task.</summary>
    public const string Retry = "only an ended task can be retried";

    /// <summary>A follow-up needs an ended task.</summary>
    public const string FollowUp = "a follow-up is for a task that has ended";

    /// <summary>An extension needs a partial task; a failed or cancelled one is pointed at retry.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="state">The state it is in.</param>
    public static string Extend(long taskId, TaskState? state) =>
        "only a task stopped by its budget (partial) can be extended"
        + (state is TaskState.Failed or TaskState.Cancelled ? $" — `errand retry {taskId}` starts it again" : "");

    /// <summary>The whole refusal: <c>task #ID is STATE; WHY</c>.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="state">The state it is in.</param>
    /// <param name="refused">Why that state refuses.</param>
    public static string Describe(long taskId, TaskState? state, string refused) => $"task #{taskId} is {state?.ToWireName()}; {refused}";
}
