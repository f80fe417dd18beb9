using Errand.Results;

namespace Errand.Workspaces;

/// <summary>The workspace as committed.</summary>
/// <param name="Commit">The commit holding the workspace (the base commit when nothing changed); null for scratch.</param>
/// <param name="DiffStat">The change from the base commit.</param>
public sealed record WorkspaceSnapshot(string? Commit, DiffStat DiffStat)
{
    /// <summary>Changed paths, repository-relative, with forward slashes.</summary>
    public IReadOnlyList<string> ChangedPaths => [.. DiffStat.Files.Select(f => f.Path)];
}
