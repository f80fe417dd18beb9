using System.Globalization;
using System.Text.RegularExpressions;

namespace Errand.Workspaces.Git;

/// <summary>Where mirrors and workspaces live under the data directory.</summary>
internal sealed partial class DataLayout
{
    public DataLayout(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        Root = RealPath.Of(dataDirectory);
        Repos = Path.Combine(Root, "repos");
        Workspaces = Path.Combine(Root, "workspaces");
        Attempts = Path.Combine(Root, "attempts");
        Checkouts = Path.Combine(Root, "checkouts");
        Environments = Path.Combine(Root, "environments");
        Directory.CreateDirectory(Repos);
        Directory.CreateDirectory(Workspaces);
        Directory.CreateDirectory(Attempts);
        Directory.CreateDirectory(Checkouts);
        Directory.CreateDirectory(Environments);
    }

    public string Root { get; }

    public string Repos { get; }

    public string Workspaces { get; }

    /// <summary>
    /// Errand's private per-attempt state: its own git index and baseline, the overlay's upper and work
    /// directories. Never inside the workspace, so nothing the sandbox runs can write it.
    /// </summary>
    public string Attempts { get; }

    /// <summary>Cached checkouts, one per (repository, commit): the read-only lower layer of overlay workspaces.</summary>
    public string Checkouts { get; }

    /// <summary>Cached environments: what a spec's setup commands left behind, a read-only layer per key.</summary>
    public string Environments { get; }

    /// <summary>The attempt's own directory; a stale worker from an earlier attempt never writes into it.</summary>
    public string WorkspacePath(long taskId, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(taskId);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        return Path.Combine(Workspaces, string.Create(CultureInfo.InvariantCulture, $"{taskId}-{attempt}"));
    }

    /// <summary>The attempt's private directory (see <see cref="Attempts"/>).</summary>
    public string AttemptPath(long taskId, int attempt) =>
        Path.Combine(Attempts, string.Create(CultureInfo.InvariantCulture, $"{taskId}-{attempt}"));

    /// <summary>
    /// Reads the task and attempt back from a workspace path, refusing any path that is not one of ours: cleanup
    /// deletes what it is given, so a wrong path must never get that far.
    /// </summary>
    public (long TaskId, int Attempt) ParseWorkspacePath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var match = WorkspaceName().Match(Path.GetFileName(full));
        if (Path.GetDirectoryName(full) != Workspaces || !match.Success
            || !long.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var taskId)
            || !int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var attempt))
        {
            throw new WorkspaceException($"{path} is not a workspace under {Workspaces}");
        }

        return (taskId, attempt);
    }

    /// <summary>Refuses a mirror path outside the data directory: git would read that repository's config.</summary>
    public string EnsureMirrorPath(string mirror)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mirror));
        return Path.GetDirectoryName(full) == Repos && full.EndsWith(".git", StringComparison.Ordinal)
            ? full
            : throw new WorkspaceException($"{mirror} is not a mirror under {Repos}");
    }

    [GeneratedRegex("^([0-9]+)-([0-9]+)$")]
    private static partial Regex WorkspaceName();
}
