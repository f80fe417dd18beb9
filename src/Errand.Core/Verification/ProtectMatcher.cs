using Microsoft.Extensions.FileSystemGlobbing;

namespace Errand.Verification;

/// <summary>Finds changed paths that a spec's <c>protect</c> globs cover.</summary>
public static class ProtectMatcher
{
    /// <summary>The changed paths (repository-relative, forward slashes) covered by any glob, in input order.</summary>
    public static IReadOnlyList<string> FindViolations(IReadOnlyList<string> protect, IReadOnlyList<string> changedPaths)
    {
        if (protect.Count == 0 || changedPaths.Count == 0)
        {
            return [];
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var glob in protect)
        {
            matcher.AddInclude(glob);
            // "tests" or "tests/" protects the whole directory, as a reader would expect.
            if (!glob.Contains('*', StringComparison.Ordinal))
            {
                matcher.AddInclude(glob.TrimEnd('/') + "/**");
            }
        }

        var matched = matcher.Match(changedPaths).Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return [.. changedPaths.Where(matched.Contains)];
    }
}
