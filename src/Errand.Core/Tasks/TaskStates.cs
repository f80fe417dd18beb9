namespace Errand.Tasks;

/// <summary>Helpers for <see cref="TaskState"/>: wire names and classification.</summary>
public static class TaskStates
{
    private static readonly Dictionary<string, TaskState> ByWireName =
        Enum.GetValues<TaskState>().ToDictionary(ToWireName, s => s, StringComparer.OrdinalIgnoreCase);

    /// <summary>The snake_case name used in the store, the JSON output and the CLI.</summary>
    public static string ToWireName(this TaskState state) => state switch
    {
        TaskState.Queued => "queued",
        TaskState.Running => "running",
        TaskState.WaitingForHuman => "waiting_for_human",
        TaskState.RetryBackoff => "retry_backoff",
        TaskState.Scheduled => "scheduled",
        TaskState.Succeeded => "succeeded",
        TaskState.Failed => "failed",
        TaskState.Partial => "partial",
        TaskState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Parses a wire name; throws <see cref="FormatException"/> for anything else.</summary>
    public static TaskState Parse(string wireName) =>
        TryParse(wireName, out var state) ? state : throw new FormatException($"Unknown task state '{wireName}'.");

    /// <summary>Parses a wire name.</summary>
    public static bool TryParse(string? wireName, out TaskState state)
    {
        state = default;
        return wireName is not null && ByWireName.TryGetValue(wireName, out state);
    }

    /// <summary>True for states a task never leaves without a retry or an extension.</summary>
    public static bool IsTerminal(this TaskState state) =>
        state is TaskState.Succeeded or TaskState.Failed or TaskState.Partial or TaskState.Cancelled;

    /// <summary>True for the durable waits: no worker, no process, woken by an answer or a timer.</summary>
    public static bool IsParked(this TaskState state) =>
        state is TaskState.WaitingForHuman or TaskState.RetryBackoff or TaskState.Scheduled;
}
