using Errand.Application.Tasks;

namespace Errand.Server.Contracts;

/// <summary>GET /api/tasks: a page, newest first.</summary>
/// <param name="Tasks">The tasks.</param>
/// <param name="NextCursor">Pass as ?cursor= for the next page; absent on the last.</param>
internal sealed record TaskListResponse(IReadOnlyList<TaskView> Tasks, long? NextCursor);
