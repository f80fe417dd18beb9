using Errand.Fleets;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;

namespace Errand.Engine.Fleets;

/// <summary>A fleet spec's slices: its list as written, or the files its glob matches in the local repository.</summary>
public static class FleetSlices
{
    /// <summary>
    /// The slices of <paramref name="fleet"/>: the list, or the glob's matches under <paramref name="repoDirectory"/> as
    /// paths relative to it with '/' separators, sorted, the repository's own <c>.git</c> left out. Throws
    /// <see cref="ArgumentException"/> with a message for the user when a glob has no local directory or matches nothing.
    /// </summary>
    public static IReadOnlyList<string> Resolve(FleetSpec fleet, string? repoDirectory)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        if (fleet.Glob is not { } glob)
        {
            return fleet.Slices;
        }

        if (repoDirectory is null || !Directory.Exists(repoDirectory))
        {
            throw new ArgumentException($"glob '{glob}' needs a local repository to match in (repo: a path, not a URL)");
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(glob);
        matcher.AddExclude(".git/**");
        foreach (var exclude in fleet.Exclude)
        {
            matcher.AddExclude(exclude);
        }

        var matches = matcher.Execute(new DirectoryInfoWrapper(new DirectoryInfo(repoDirectory)))
            .Files.Select(f => f.Path.Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        return matches.Count > 0 ? matches : throw new ArgumentException($"glob '{glob}' matches no file in {repoDirectory}");
    }
}
