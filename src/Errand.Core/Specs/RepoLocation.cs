using System.Text.RegularExpressions;

namespace Errand.Specs;

/// <summary>
/// Checks a spec's <c>repo</c>: a local path (kept as written) or a git URL. The value reaches <c>git clone</c>,
/// so anything git could take for an option or a remote helper is refused here, before any process sees it.
/// </summary>
public static partial class RepoLocation
{
    /// <summary>The URL schemes git may fetch from.</summary>
    public static readonly IReadOnlyList<string> Schemes = ["https", "http", "ssh", "git", "file"];

    /// <summary>True when <paramref name="repo"/> is a git URL (scheme:// or scp-like user@host:path) rather than a local path.</summary>
    public static bool IsUrl(string repo) => repo.Contains("://", StringComparison.Ordinal) || ScpLike().IsMatch(repo);

    /// <summary>What is wrong with <paramref name="repo"/>, or null when it is acceptable.</summary>
    public static string? Problem(string repo)
    {
        if (repo.Any(char.IsControl))
        {
            return "contains a control character or a line break";
        }

        // "-u..." or "--upload-pack=..." would be an option to git clone, not a repository.
        if (repo.StartsWith('-'))
        {
            return "starts with '-', which git would read as an option; write ./" + repo + " for a local directory";
        }

        // "ext::sh -c ..." and "fd::" name git remote helpers, which run commands of the caller's choosing.
        if (Transport().Match(repo) is { Success: true } transport)
        {
            return $"uses the git transport '{transport.Value}', which can run arbitrary commands; "
                + "use an https://, ssh:// or git:// URL, or a local path";
        }

        var schemeEnd = repo.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            return UrlProblem(repo, repo[..schemeEnd].ToLowerInvariant());
        }

        // scp-like user@host:path, as ssh would see it: neither the user nor the host may pass for an option.
        if (ScpLike().Match(repo) is { Success: true } scp
            && (scp.Groups["user"].Value.StartsWith('-') || scp.Groups["host"].Value.StartsWith('-')))
        {
            return "has a user or host starting with '-', which ssh would read as an option";
        }

        return null;
    }

    private static string? UrlProblem(string repo, string scheme)
    {
        if (!Schemes.Contains(scheme))
        {
            return $"uses the URL scheme '{scheme}://', which is not supported; use one of "
                + string.Join(", ", Schemes.Select(s => s + "://")) + ", user@host:path, or a local path";
        }

        if (repo.Any(char.IsWhiteSpace))
        {
            return "is a URL with whitespace in it; percent-encode it (%20) or remove it";
        }

        if (!Uri.TryCreate(repo, UriKind.Absolute, out var uri) || (scheme != "file" && uri.Host.Length == 0))
        {
            return "is not a well-formed URL; e.g. https://github.com/owner/repo.git or ssh://git@host/owner/repo.git";
        }

        return uri.Host.StartsWith('-') || uri.UserInfo.StartsWith('-')
            ? "has a user or host starting with '-', which ssh would read as an option"
            : null;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*::", RegexOptions.CultureInvariant)]
    private static partial Regex Transport();

    [GeneratedRegex(@"^(?<user>[^@/]+)@(?<host>[^:/]+):", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLike();
}
