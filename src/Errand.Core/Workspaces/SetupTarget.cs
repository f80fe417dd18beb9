namespace Errand.Workspaces;

/// <summary>Where setup commands run.</summary>
/// <param name="WorkspacePath">The directory to run in (what the sandbox binds as its workspace).</param>
/// <param name="HomePath">A directory to use as the sandbox's home, so tool caches written there are kept; null for a throwaway one.</param>
/// <param name="ReadOnlyPaths">Host paths the sandbox must show read-only at the same place (the mirror's objects).</param>
public sealed record SetupTarget(string WorkspacePath, string? HomePath, IReadOnlyList<string> ReadOnlyPaths);
