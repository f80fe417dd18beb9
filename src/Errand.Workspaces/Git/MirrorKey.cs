using System.Security.Cryptography;
using System.Text;

namespace Errand.Workspaces.Git;

/// <summary>
/// The directory name of a repository's mirror: a readable name (so an operator can tell mirrors apart) and a
/// short hash of the normalized source (so two repositories both called "app" never share one).
/// </summary>
internal static class MirrorKey
{
    private const int MaxNameLength = 40;
    private const int HashChars = 12;

    public static string For(string normalizedSource)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedSource)))[..HashChars];
        return $"{Readable(RepoLocation.LastSegment(normalizedSource))}-{hash}";
    }

    private static string Readable(string segment)
    {
        if (segment.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            segment = segment[..^4];
        }

        var name = new StringBuilder(MaxNameLength);
        foreach (var c in segment.ToLowerInvariant())
        {
            if (name.Length == MaxNameLength)
            {
                break;
            }

            var keep = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-';
            if (keep || (name.Length > 0 && name[^1] != '-'))
            {
                name.Append(keep ? c : '-');
            }
        }

        // No leading dots or dashes: the key must never read as a hidden file, "..", or an option.
        var readable = name.ToString().Trim('-', '.');
        return readable.Length == 0 ? "repo" : readable;
    }
}
