namespace Errand.Workspaces;

/// <summary>How one branch of a <see cref="MergeRequest"/> went.</summary>
/// <param name="Branch">The branch.</param>
/// <param name="Commit">The commit it pointed at; null when there is no such branch.</param>
/// <param name="Conflicts">The files that conflicted with what was merged before it; empty when it merged.</param>
public sealed record BranchMerge(string Branch, string? Commit, IReadOnlyList<string> Conflicts)
{
    /// <summary>True when the branch is part of the result.</summary>
    public bool Merged => Commit is not null && Conflicts.Count == 0;
}
