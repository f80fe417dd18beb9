namespace Errand.Cli.Specs;

/// <summary>Tells a git URL from a local path in a spec's <c>repo</c>.</summary>
internal static class RepoReference
{
    public static bool IsUrl(string repo) =>
        repo.Contains("://", StringComparison.Ordinal)
        || (repo.Contains('@', StringComparison.Ordinal) && repo.Contains(':', StringComparison.Ordinal) && !repo.StartsWith('/'));
}
