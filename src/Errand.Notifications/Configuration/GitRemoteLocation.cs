namespace Errand.Notifications.Configuration;

/// <summary>Where a shared git remote is: a URL stays as written, anything else is a path made absolute.</summary>
public static class GitRemoteLocation
{
    /// <summary>
    /// <paramref name="value"/> as a remote git can reach from any working directory: <c>scheme://…</c> and scp-like
    /// <c>host:path</c> as given, a relative path taken from <paramref name="baseDirectory"/>.
    /// </summary>
    public static string Normalize(string value, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var isUrl = value.Contains("://", StringComparison.Ordinal)
            || (value.IndexOf(':') is > 0 and var colon && value.IndexOf('/') is var slash && (slash < 0 || colon < slash));
        return isUrl ? value : Path.GetFullPath(value, baseDirectory);
    }
}
