namespace Errand.Limits;

/// <summary>
/// What a concurrency limit applies to: every task (<see cref="Global"/>), or the tasks of one repository
/// (<see cref="ForRepo"/>, keyed by <see cref="RepoKey"/>). A schedule's and a fleet's own <c>max_parallel</c> are kept
/// with the schedule and the fleet.
/// </summary>
public static class LimitScopes
{
    /// <summary>Every running task counts.</summary>
    public const string Global = "global";

    /// <summary>The prefix of a per-repository scope.</summary>
    public const string RepoPrefix = "repo:";

    /// <summary>The scope of the tasks of <paramref name="repoKey"/> (already a <see cref="RepoKey"/>).</summary>
    public static string ForRepo(string repoKey) => RepoPrefix + repoKey;

    /// <summary>The repository key of a per-repository scope, or null for another scope.</summary>
    public static string? RepoOf(string scope) =>
        scope.StartsWith(RepoPrefix, StringComparison.Ordinal) && scope.Length > RepoPrefix.Length ? scope[RepoPrefix.Length..] : null;

    /// <summary>The one check of a limit every store makes before writing it: a known scope, and room for one task at least.</summary>
    public static void Check(string scope, int? maxRunning)
    {
        if (!IsValid(scope))
        {
            throw new ArgumentException($"'{scope}' is not a limit scope: '{Global}' or '{RepoPrefix}<repository>'", nameof(scope));
        }

        if (maxRunning is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRunning), maxRunning, "a limit must let at least one task run");
        }
    }

    /// <summary>True for <see cref="Global"/> and a non-empty per-repository scope.</summary>
    public static bool IsValid(string? scope) => scope == Global || (scope is not null && RepoOf(scope) is not null);
}
