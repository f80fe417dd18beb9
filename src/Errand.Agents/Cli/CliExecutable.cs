namespace Errand.Agents.Cli;

/// <summary>A CLI agent's executable and the host folder to show read-only in the sandbox so that it runs there.</summary>
/// <param name="Path">The executable's real path (symlinks resolved: a link's folder may not be shown inside).</param>
/// <param name="InstallRoot">The folder that holds it and what it loads (its <c>node_modules</c>).</param>
internal sealed record CliExecutable(string Path, string InstallRoot)
{
    /// <summary>The folder npm installs into below a tools directory.</summary>
    public const string DefaultToolsFolder = ".tools/npm";

    /// <summary>Finds <paramref name="name"/>: the explicit path, the tools directory, the nearest <c>.tools/npm</c>, then PATH.</summary>
    public static CliExecutable? Find(string name, string? explicitPath, string? toolsDirectory)
    {
        var candidates = new List<string>();
        if (explicitPath is not null)
        {
            candidates.Add(explicitPath);
        }
        else
        {
            if (toolsDirectory is not null)
            {
                candidates.Add(System.IO.Path.Combine(toolsDirectory, "node_modules", ".bin", name));
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                candidates.Add(System.IO.Path.Combine(dir.FullName, DefaultToolsFolder, "node_modules", ".bin", name));
            }

            foreach (var entry in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                candidates.Add(System.IO.Path.Combine(entry, name));
            }
        }

        foreach (var candidate in candidates.Where(File.Exists))
        {
            var real = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? System.IO.Path.GetFullPath(candidate);
            return new CliExecutable(real, InstallRootOf(real));
        }

        return null;
    }

    // The outermost node_modules above the real file: npm's bin links and a package's native sibling package
    // (the CLI's platform binary) all live below it.
    private static string InstallRootOf(string real)
    {
        string? root = null;
        for (var dir = new DirectoryInfo(System.IO.Path.GetDirectoryName(real)!); dir is not null; dir = dir.Parent)
        {
            if (dir.Name == "node_modules")
            {
                root = dir.FullName;
            }
        }

        return root ?? System.IO.Path.GetDirectoryName(real)!;
    }
}
