namespace Errand.Workspaces;

/// <summary>Branches to merge, one after another, onto a base: a fleet's integration.</summary>
/// <param name="TaskId">The task the merge is for (its merge commits are kept under a ref of its own).</param>
/// <param name="Repo">An absolute local path or a git URL.</param>
/// <param name="Base">Branch, tag or commit to start from; null for the repository's HEAD.</param>
/// <param name="Branches">The branches, in the order they are merged.</param>
public sealed record MergeRequest(long TaskId, string Repo, string? Base, IReadOnlyList<string> Branches);
