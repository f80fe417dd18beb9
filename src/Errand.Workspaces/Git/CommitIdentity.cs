using System.Globalization;

namespace Errand.Workspaces.Git;

/// <summary>The author and committer of every commit Errand writes: its own identity and the injected clock, whatever the user's config says.</summary>
internal static class CommitIdentity
{
    public static Dictionary<string, string> Environment(GitWorkspaceOptions options)
    {
        var date = string.Create(CultureInfo.InvariantCulture, $"@{options.TimeProvider.GetUtcNow().ToUnixTimeSeconds()} +0000");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_AUTHOR_NAME"] = options.CommitterName,
            ["GIT_AUTHOR_EMAIL"] = options.CommitterEmail,
            ["GIT_AUTHOR_DATE"] = date,
            ["GIT_COMMITTER_NAME"] = options.CommitterName,
            ["GIT_COMMITTER_EMAIL"] = options.CommitterEmail,
            ["GIT_COMMITTER_DATE"] = date,
        };
    }
}
