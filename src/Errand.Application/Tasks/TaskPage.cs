using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>A page of tasks, newest first.</summary>
/// <param name="Tasks">The tasks.</param>
/// <param name="NextCursor">Pass as <see cref="TaskListQuery.Cursor"/> for the next page; null when this was the last.</param>
public sealed record TaskPage(IReadOnlyList<TaskRecord> Tasks, long? NextCursor);
