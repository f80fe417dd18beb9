using Errand.Specs;
using Errand.Tasks;

namespace Errand.Server.Dashboard;

/// <summary>A task as a row of the task list: the record and what its spec says about where it runs.</summary>
/// <param name="Task">The task.</param>
/// <param name="Repo">Its spec's repository, or null.</param>
/// <param name="Agent">Its agent.</param>
public sealed record TaskRow(TaskRecord Task, string? Repo, string Agent)
{
    /// <summary>The row of <paramref name="task"/>.</summary>
    /// <param name="task">The task.</param>
    public static TaskRow From(TaskRecord task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var spec = TaskSpecJson.Deserialize(task.SpecJson);
        return new TaskRow(task, spec.Repo, spec.Agent);
    }

    /// <summary>The repository's last path segment, as a list shows it.</summary>
    public string? RepoShort => Repo?.TrimEnd('/').Split('/', '\\')[^1] is { Length: > 0 } last ? last.EndsWith(".git", StringComparison.Ordinal) ? last[..^4] : last : Repo;
}
