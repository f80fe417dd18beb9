namespace Errand.Workspaces;

/// <summary>The outcome of a <see cref="MergeRequest"/>: a chain of merge commits on the base, skipping branches that conflict.</summary>
/// <param name="BaseCommit">The commit the chain starts from.</param>
/// <param name="Head">The last merge commit (the base when nothing merged).</param>
/// <param name="Branches">Each branch, in order.</param>
public sealed record MergeResult(string BaseCommit, string Head, IReadOnlyList<BranchMerge> Branches);
