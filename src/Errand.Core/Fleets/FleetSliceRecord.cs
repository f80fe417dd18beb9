using Errand.Tasks;

namespace Errand.Fleets;

/// <summary>One slice of a fleet, with its task once released.</summary>
public sealed record FleetSliceRecord
{
    /// <summary>The fleet.</summary>
    public required long FleetId { get; init; }

    /// <summary>The slice's position, from 0: the order slices are released and merged in.</summary>
    public required int Index { get; init; }

    /// <summary>The slice value.</summary>
    public required string Value { get; init; }

    /// <summary>The slice's state.</summary>
    public required SliceState State { get; init; }

    /// <summary>The slice's task, once released.</summary>
    public long? TaskId { get; init; }

    /// <summary>The task's state now (it can move on after the slice ended: a retry by hand).</summary>
    public TaskState? TaskState { get; init; }

    /// <summary>The task's title, or the title it will have.</summary>
    public required string Title { get; init; }

    /// <summary>Why the task or the slice is in its state.</summary>
    public string? Reason { get; init; }

    /// <summary>The task's result report as JSON, once it has one.</summary>
    public string? ResultJson { get; init; }

    /// <summary>When the slice was released as a task.</summary>
    public DateTimeOffset? ReleasedAt { get; init; }

    /// <summary>When its task ended (or the slice was cancelled or skipped).</summary>
    public DateTimeOffset? EndedAt { get; init; }
}
