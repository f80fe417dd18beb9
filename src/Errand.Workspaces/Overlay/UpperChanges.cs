using System.Runtime.InteropServices;

namespace Errand.Workspaces.Overlay;

/// <summary>
/// What changed in an overlay workspace, read from its upper directory: everything written, created or deleted is
/// there and nothing else is, so a snapshot need not walk the whole tree.
/// </summary>
internal static partial class UpperChanges
{
    /// <summary>Above this many, walking the whole tree is as cheap as naming every path to git.</summary>
    public const int MaxPaths = 2000;

    /// <summary>
    /// The paths to look at, repository-relative: every file, symlink and whiteout (a deletion) in the upper
    /// directory, and every directory the overlay marked opaque or redirected (its lower contents are hidden, so the
    /// whole directory must be compared). Null when there are more than <see cref="MaxPaths"/>.
    /// </summary>
    public static IReadOnlyList<string>? List(string upper)
    {
        var paths = new List<string>();
        var pending = new Stack<string>();
        pending.Push(upper);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(upper, entry.FullName);
                if (relative == ".git" || relative.StartsWith(".git/", StringComparison.Ordinal))
                {
                    continue; // the agent's own git directory; git never stores it
                }

                if (entry is DirectoryInfo dir && dir.LinkTarget is null && !HidesLower(dir.FullName))
                {
                    pending.Push(dir.FullName);
                    continue;
                }

                paths.Add(relative);
                if (paths.Count > MaxPaths)
                {
                    return null;
                }
            }
        }

        return paths;
    }

    private static bool HidesLower(string directory) =>
        HasAttribute(directory, "trusted.overlay.opaque") || HasAttribute(directory, "trusted.overlay.redirect");

    private static bool HasAttribute(string path, string name) => GetAttribute(path, name, IntPtr.Zero, 0) >= 0;

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetAttribute(string path, string name, IntPtr value, nuint size);
}
