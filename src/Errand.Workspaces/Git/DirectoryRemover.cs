namespace Errand.Workspaces.Git;

/// <summary>Removes a workspace directory whatever the agent left in it.</summary>
internal static class DirectoryRemover
{
    public static void Delete(string path)
    {
        if (File.Exists(path) && !Directory.Exists(path))
        {
            File.Delete(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // An agent may leave directories without write or search permission (a test fixture, a chmod'ed build
            // output); give them back to the owner and try once more.
            MakeWritable(path);
            Directory.Delete(path, recursive: true);
        }
    }

    private static void MakeWritable(string directory)
    {
        // Symbolic links are never followed: a link to a directory outside the workspace must not be changed.
        if (OperatingSystem.IsWindows() || new DirectoryInfo(directory).LinkTarget is not null)
        {
            return;
        }

        File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            MakeWritable(child);
        }
    }
}
