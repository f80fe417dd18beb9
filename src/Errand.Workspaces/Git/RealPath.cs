namespace Errand.Workspaces.Git;

/// <summary>
/// A path with every symbolic link resolved. git records worktree locations by their real path, so the data
/// directory is resolved once and every workspace path Errand hands out compares equal to git's own.
/// </summary>
internal static class RealPath
{
    public static string Of(string path)
    {
        var resolved = Path.GetPathRoot(Path.GetFullPath(path)) ?? "/";
        foreach (var part in Path.GetFullPath(path).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, part);
            var target = new FileInfo(next).ResolveLinkTarget(returnFinalTarget: true);
            resolved = target is null ? next : Of(target.FullName);
        }

        return resolved;
    }
}
