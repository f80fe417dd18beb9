namespace Errand.Fleets;

/// <summary>The stored names of <see cref="FleetState"/> and <see cref="SliceState"/>.</summary>
public static class FleetStates
{
    /// <summary>The stored name: <c>running</c>, <c>stopping</c>, <c>fanning_in</c>, …</summary>
    public static string ToWireName(this FleetState state) => state switch
    {
        FleetState.Planning => "planning",
        FleetState.Running => "running",
        FleetState.Stopping => "stopping",
        FleetState.FanningIn => "fanning_in",
        FleetState.Succeeded => "succeeded",
        FleetState.Failed => "failed",
        FleetState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>The stored name: <c>pending</c>, <c>released</c>, <c>succeeded</c>, …</summary>
    public static string ToWireName(this SliceState state) => state switch
    {
        SliceState.Pending => "pending",
        SliceState.Released => "released",
        SliceState.Succeeded => "succeeded",
        SliceState.Failed => "failed",
        SliceState.Partial => "partial",
        SliceState.Cancelled => "cancelled",
        SliceState.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Parses a stored fleet state; throws <see cref="FormatException"/> for anything else.</summary>
    public static FleetState ParseFleet(string wireName) =>
        Enum.GetValues<FleetState>().FirstOrDefault(s => s.ToWireName() == wireName, (FleetState)(-1)) is var state && Enum.IsDefined(state)
            ? state
            : throw new FormatException($"Unknown fleet state '{wireName}'.");

    /// <summary>Parses a stored slice state; throws <see cref="FormatException"/> for anything else.</summary>
    public static SliceState ParseSlice(string wireName) =>
        Enum.GetValues<SliceState>().FirstOrDefault(s => s.ToWireName() == wireName, (SliceState)(-1)) is var state && Enum.IsDefined(state)
            ? state
            : throw new FormatException($"Unknown slice state '{wireName}'.");

    /// <summary>True once the fleet can change no more.</summary>
    public static bool IsFinished(this FleetState state) => state is FleetState.Succeeded or FleetState.Failed or FleetState.Cancelled;

    /// <summary>The slice state a slice takes when its task ends in <paramref name="taskState"/>.</summary>
    public static SliceState EndedAs(Tasks.TaskState taskState) => taskState switch
    {
        Tasks.TaskState.Succeeded => SliceState.Succeeded,
        Tasks.TaskState.Partial => SliceState.Partial,
        Tasks.TaskState.Cancelled => SliceState.Cancelled,
        _ => SliceState.Failed,
    };

    /// <summary>The fleet state its fan-in task's end gives it.</summary>
    public static FleetState FinishedAs(Tasks.TaskState fanInState) => fanInState switch
    {
        Tasks.TaskState.Succeeded => FleetState.Succeeded,
        Tasks.TaskState.Cancelled => FleetState.Cancelled,
        _ => FleetState.Failed,
    };

    /// <summary>Why a fleet ended when its planner ended in <paramref name="taskState"/> without handing it slices.</summary>
    public static string PlannerEndReason(Tasks.TaskState taskState, string? reason) => taskState switch
    {
        Tasks.TaskState.Cancelled => reason ?? "the planner was cancelled",
        Tasks.TaskState.Succeeded => "the planner proposed no slices",
        _ => "the planner failed: " + (reason ?? Tasks.TaskStates.ToWireName(taskState)),
    };
}
