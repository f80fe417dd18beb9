namespace Errand.Workspaces.Environments;

/// <summary>
/// The files that pin what a project's setup installs. Their contents (git blob ids) are part of an environment's
/// key, wherever in the tree they are (a monorepo has several), so changing one makes a new environment.
/// </summary>
internal static class LockFiles
{
    /// <summary>Exact file names: npm, yarn, pnpm, bun; NuGet and .NET; Cargo; Go; Python; Ruby; PHP; Elixir; Dart; Swift; Gradle; Nix.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock",
        "packages.lock.json", "Directory.Packages.props", "Directory.Build.props", "global.json", "NuGet.Config", "nuget.config",
        "Cargo.lock", "rust-toolchain", "rust-toolchain.toml",
        "go.sum", "go.mod",
        "poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "pyproject.toml",
        "Gemfile.lock", "composer.lock", "mix.lock", "pubspec.lock", "Package.resolved", "gradle.lockfile", "flake.lock",
        ".tool-versions", ".nvmrc", ".node-version", ".python-version", ".ruby-version",
    };

    /// <summary>True for a lock file by name, or by pattern: project files (*.csproj, *.fsproj, *.vbproj) and requirements*.txt.</summary>
    public static bool Matches(string fileName) =>
        Names.Contains(fileName)
        || fileName.EndsWith(".csproj", StringComparison.Ordinal)
        || fileName.EndsWith(".fsproj", StringComparison.Ordinal)
        || fileName.EndsWith(".vbproj", StringComparison.Ordinal)
        || (fileName.StartsWith("requirements", StringComparison.Ordinal) && fileName.EndsWith(".txt", StringComparison.Ordinal));
}
