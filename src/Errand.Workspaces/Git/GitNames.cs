using System.Globalization;

namespace Errand.Workspaces.Git;

/// <summary>Ref names Errand writes, and the checks on names and revisions that come from a spec.</summary>
internal static class GitNames
{
    /// <summary>Where each fetch records the source's HEAD, so a null base means "what the user has checked out".</summary>
    public const string SourceHead = "refs/errand/source/HEAD";

    /// <summary>
    /// The hidden ref holding an attempt's latest snapshot. Outside refs/heads and refs/tags, so fetches never
    /// touch it and users never see it, but it keeps every checkpoint commit reachable: gc cannot drop it.
    /// </summary>
    public static string SnapshotRef(long taskId, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"refs/errand/tasks/{taskId}/{attempt}");

    /// <summary>Rejects a revision (base, checkpoint) that git could read as an option or that no ref can hold.</summary>
    public static void EnsureRevision(string value, string what)
    {
        if (value.Length == 0 || value[0] == '-' || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new WorkspaceException($"{what} '{value}' is not a valid branch, tag or commit");
        }
    }

    /// <summary>Rejects a task branch name git would refuse (or read as an option), before any work is done.</summary>
    public static async Task EnsureBranchAsync(GitCli git, string branch, CancellationToken cancellationToken)
    {
        if (branch.Length == 0 || branch[0] == '-' || branch == "HEAD"
            || (await git.RunAsync(["check-ref-format", "refs/heads/" + branch], cancellationToken)).ExitCode != 0)
        {
            throw new WorkspaceException($"'{branch}' is not a valid branch name");
        }
    }

    /// <summary>True for a full commit id (SHA-1 or SHA-256), the only form Errand delivers.</summary>
    public static bool IsFullCommitId(string value) =>
        value.Length is 40 or 64 && value.All(char.IsAsciiHexDigitLower);
}
