namespace Errand.Agents.Tools;

/// <summary>
/// The one door agent file tools go through: every path is resolved inside the workspace, and absolute paths,
/// <c>..</c> that climbs out, and symlinks (at any depth) that point outside are refused — so a repository that
/// plants <c>link -> /etc/shadow</c> cannot turn "read link" into reading the host.
/// </summary>
public sealed class WorkspaceFiles
{
    private readonly string _root;

    /// <summary>Confines file access to <paramref name="workspaceRoot"/> (resolved through any symlinks of its own).</summary>
    public WorkspaceFiles(string workspaceRoot)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot));
        _root = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }

    /// <summary>The absolute host path of a workspace-relative path; throws <see cref="WorkspacePathException"/> if it leaves the workspace.</summary>
    public string Resolve(string relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath) || relativePath.Contains('\0', StringComparison.Ordinal))
        {
            throw new WorkspacePathException(relativePath, "is empty or contains a NUL character");
        }

        if (Path.IsPathRooted(relativePath))
        {
            throw new WorkspacePathException(relativePath, "is absolute; give a path relative to the workspace");
        }

        var full = Path.GetFullPath(Path.Combine(_root, relativePath));
        if (!IsInside(full))
        {
            throw new WorkspacePathException(relativePath, "leaves the workspace");
        }

        // Walk every existing component: a symlink anywhere on the way may point out of the workspace.
        var current = _root;
        foreach (var part in Path.GetRelativePath(_root, full).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (!info.Exists && info.LinkTarget is null)
            {
                break; // the rest does not exist yet (a file about to be written): nothing more to follow
            }

            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !IsInside(Path.GetFullPath(target.FullName)))
                {
                    throw new WorkspacePathException(relativePath, $"goes through the symlink '{Path.GetRelativePath(_root, current)}', which points outside the workspace");
                }
            }
        }

        return full;
    }

    /// <summary>Reads a text file inside the workspace.</summary>
    public Task<string> ReadAllTextAsync(string relativePath, CancellationToken cancellationToken) =>
        File.ReadAllTextAsync(Resolve(relativePath), cancellationToken);

    /// <summary>Writes a text file inside the workspace, creating its directories.</summary>
    public async Task WriteAllTextAsync(string relativePath, string content, CancellationToken cancellationToken)
    {
        var path = Resolve(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Resolve again after creating directories: nothing may have been swapped in on the way.
        await File.WriteAllTextAsync(Resolve(relativePath), content, cancellationToken);
    }

    /// <summary>Lists a directory's entries (workspace-relative, forward slashes), not following symlinked directories.</summary>
    public IReadOnlyList<string> List(string relativeDirectory = ".")
    {
        var dir = Resolve(relativeDirectory);
        return [.. new DirectoryInfo(dir).EnumerateFileSystemInfos()
            .Select(e => Path.GetRelativePath(_root, e.FullName).Replace(Path.DirectorySeparatorChar, '/') + (e is DirectoryInfo && e.LinkTarget is null ? "/" : ""))
            .Order(StringComparer.Ordinal)];
    }

    private bool IsInside(string full) =>
        full == _root || full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
