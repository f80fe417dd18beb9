using Errand.Tasks;

namespace Errand.Storage;

/// <summary>A filter for listing tasks, newest first.</summary>
public sealed record TaskQuery
{
    /// <summary>Only tasks in these states; all when empty.</summary>
    public IReadOnlyCollection<TaskState> States { get; init; } = [];

    /// <summary>Only tasks with an id below this (for paging), or all when null.</summary>
    public long? BeforeId { get; init; }

    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 50;
}
