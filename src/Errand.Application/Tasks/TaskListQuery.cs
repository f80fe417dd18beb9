using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>What to list: states, a text in the title, a repository, a page size and where the previous page ended.</summary>
public sealed record TaskListQuery
{
    /// <summary>Only tasks in these states; all when empty.</summary>
    public IReadOnlyCollection<TaskState> States { get; init; } = [];

    /// <summary>Only tasks whose title contains this (case-insensitive), or all when null.</summary>
    public string? Text { get; init; }

    /// <summary>Only tasks whose spec's repo contains this (case-insensitive), or all when null.</summary>
    public string? Repo { get; init; }

    /// <summary>At most this many (1 to <see cref="TaskQueries.MaxLimit"/>).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Only tasks with an id below this: the previous page's <see cref="TaskPage.NextCursor"/>.</summary>
    public long? Cursor { get; init; }
}
