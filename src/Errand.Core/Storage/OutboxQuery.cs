namespace Errand.Storage;

/// <summary>A filter for listing outbox rows, newest first.</summary>
public sealed record OutboxQuery
{
    /// <summary>Only rows in these states; all when empty.</summary>
    public IReadOnlyCollection<OutboxState> States { get; init; } = [];

    /// <summary>Only the rows of this task, or all when null.</summary>
    public long? TaskId { get; init; }

    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 50;
}
