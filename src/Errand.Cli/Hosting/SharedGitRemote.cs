namespace Errand.Cli.Hosting;

/// <summary>
/// The git remote workers on many hosts share for checkpoints and task branches: <c>--git-remote</c>, else
/// <c>ERRAND_GIT_REMOTE</c>, else none. A relative path is made absolute here, where the user's working directory
/// still means something.
/// </summary>
internal static class SharedGitRemote
{
    public const string Variable = "ERRAND_GIT_REMOTE";

    public static string? Resolve(string? option)
    {
        var value = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(Variable) : option;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // A URL (scheme://… or scp-like host:path) stays as given; anything else is a path to a bare repository.
        var isUrl = value.Contains("://", StringComparison.Ordinal) || (value.IndexOf(':') is > 0 and var colon && value.IndexOf('/') is var slash && (slash < 0 || colon < slash));
        return isUrl ? value : Path.GetFullPath(value);
    }
}
