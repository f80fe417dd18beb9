namespace Errand.Agents.Tools;

/// <summary>
/// Walks a workspace directory for the list and search tools: depth first in name order, never into <c>.git</c>,
/// never through a symlinked directory (it may point anywhere on the host).
/// </summary>
internal static class WorkspaceWalker
{
    /// <summary>Workspace-relative paths (forward slashes) of the files under <paramref name="relativeDirectory"/>.</summary>
    public static IEnumerable<string> Files(WorkspaceFiles files, string relativeDirectory, bool includeSymlinks)
    {
        var root = files.Resolve(".");
        var start = files.Resolve(relativeDirectory);
        if (!Directory.Exists(start))
        {
            throw new ToolException(File.Exists(start)
                ? $"'{relativeDirectory}' is a file, not a directory"
                : $"no directory '{relativeDirectory}' in the workspace");
        }

        var pending = new Stack<string>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var dir = new DirectoryInfo(pending.Pop());
            var entries = dir.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            foreach (var entry in entries)
            {
                if (entry.LinkTarget is not null)
                {
                    if (includeSymlinks)
                    {
                        yield return Relative(root, entry.FullName);
                    }
                }
                else if (entry is FileInfo)
                {
                    yield return Relative(root, entry.FullName);
                }
            }

            foreach (var sub in entries.OfType<DirectoryInfo>().Where(d => d.LinkTarget is null && d.Name != ".git").Reverse())
            {
                pending.Push(sub.FullName);
            }
        }
    }

    private static string Relative(string root, string full) =>
        Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
}
