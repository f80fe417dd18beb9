using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;
using Errand.Workspaces;

namespace Errand.Application.Tasks;

/// <summary>A task's change as a patch: its branch's head against the commit it started from, read from the repo's mirror.</summary>
/// <param name="workspaces">The workspace provider that holds the mirrors.</param>
public sealed class TaskDiffs(IWorkspaceProvider workspaces)
{
    /// <summary>The most characters of a patch read for a page; the rest is cut with a note.</summary>
    public const int MaxChars = 200_000;

    /// <summary>The patch, or null when the task has no commits to compare (not run yet, or no repository).</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Stops git.</param>
    public async Task<string?> ReadAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.ResultJson is null || TaskSpecJson.Deserialize(task.SpecJson).Repo is not { } repo)
        {
            return null;
        }

        var result = ErrandJson.Deserialize<TaskResult>(task.ResultJson);
        return result.BaseCommit is { } from && result.HeadCommit is { } to && from != to
            ? await workspaces.DiffAsync(repo, from, to, MaxChars, cancellationToken)
            : null;
    }
}
