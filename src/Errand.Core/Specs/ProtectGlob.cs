namespace Errand.Specs;

/// <summary>
/// Checks a <c>protect</c> glob. Globs are matched against repository-relative paths, so an absolute path or one
/// that climbs out with <c>..</c> would protect nothing while looking as if it did.
/// </summary>
internal static class ProtectGlob
{
    /// <summary>What is wrong with <paramref name="glob"/>, or null when it is acceptable.</summary>
    public static string? Problem(string glob)
    {
        if (glob.Trim().Length == 0)
        {
            return "is empty; give a path or glob relative to the repository root, e.g. tests/**";
        }

        if (glob.Any(char.IsControl))
        {
            return "contains a control character or a line break";
        }

        if (glob.Contains('\\', StringComparison.Ordinal))
        {
            return "uses a backslash; write paths with forward slashes, e.g. tests/**";
        }

        if (glob.StartsWith('/') || (glob.Length >= 2 && char.IsAsciiLetter(glob[0]) && glob[1] == ':'))
        {
            return "is an absolute path; protect globs are relative to the repository root, e.g. tests/** or src/Api/*.cs";
        }

        return glob.Split('/').Contains("..")
            ? "climbs out of the repository with '..'; protect globs name paths inside it, relative to its root"
            : null;
    }
}
