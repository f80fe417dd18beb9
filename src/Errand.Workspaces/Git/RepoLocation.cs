using System.Text.RegularExpressions;

namespace Errand.Workspaces.Git;

/// <summary>Tells local paths from git URLs and gives each a normal form, for mirror keys and for display.</summary>
internal static partial class RepoLocation
{
    // Transports a spec may name. Anything else (ext::, fd::, a helper's scheme) is refused: ext:: runs an
    // arbitrary command, and a spec must not be able to choose what the worker executes.
    private static readonly HashSet<string> Schemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "file", "http", "https", "ssh", "git", "git+ssh", "ssh+git",
    };

    /// <summary>True for an absolute local path.</summary>
    public static bool IsLocalPath(string repo) => Path.IsPathFullyQualified(repo) && !repo.Contains("://", StringComparison.Ordinal);

    /// <summary>Checks a repository string and says whether it is a local path; throws for anything unusable.</summary>
    public static bool Classify(string repo)
    {
        if (repo.Length == 0 || repo.Any(char.IsControl))
        {
            throw new WorkspaceException($"repository '{repo}' is not a path or a git URL");
        }

        // A leading dash would reach git as an option (the classic --upload-pack=<command> injection).
        if (repo[0] == '-')
        {
            throw new WorkspaceException($"repository '{repo}' may not start with '-'");
        }

        if (IsLocalPath(repo))
        {
            return true;
        }

        if (HelperPattern().IsMatch(repo))
        {
            throw new WorkspaceException($"repository '{Redact(repo)}' names a git transport helper (<name>::<address>), which is not allowed");
        }

        var scheme = SchemePattern().Match(repo);
        if (scheme.Success)
        {
            if (!Schemes.Contains(scheme.Groups[1].Value) || !Uri.TryCreate(repo, UriKind.Absolute, out _))
            {
                throw new WorkspaceException($"repository URL '{Redact(repo)}' is not supported (use a file, https, ssh or git URL)");
            }

            return false;
        }

        if (ScpPattern().IsMatch(repo))
        {
            return false;
        }

        throw new WorkspaceException(
            $"repository '{repo}' is neither an absolute path nor a git URL (relative paths must be resolved before submitting)");
    }

    /// <summary>
    /// The form mirror keys are computed from: lowercase scheme and host, no password, no trailing slash or ".git",
    /// so the spellings of one repository share one mirror. The user name stays: it chooses the credentials.
    /// </summary>
    public static string Normalize(string url)
    {
        string normal;
        if (SchemePattern().IsMatch(url) && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            var user = uri.UserInfo.Split(':', 2)[0];
            var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
            normal = $"{uri.Scheme.ToLowerInvariant()}://{(user.Length > 0 ? user + "@" : "")}{uri.Host.ToLowerInvariant()}{port}{uri.AbsolutePath}";
        }
        else if (ScpPattern().Match(url) is { Success: true } scp)
        {
            normal = $"{scp.Groups["user"].Value}{scp.Groups["host"].Value.ToLowerInvariant()}:{scp.Groups["path"].Value}";
        }
        else
        {
            normal = url;
        }

        normal = normal.TrimEnd('/');
        return normal.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? normal[..^4].TrimEnd('/') : normal;
    }

    /// <summary>The URL with any password replaced, for messages and the journal.</summary>
    public static string Redact(string url) => PasswordPattern().Replace(url, "$1***@");

    /// <summary>The last path segment, for the readable part of a mirror key.</summary>
    public static string LastSegment(string normalized)
    {
        var trimmed = normalized.TrimEnd('/');
        var cut = trimmed.LastIndexOfAny(['/', ':']);
        return cut >= 0 ? trimmed[(cut + 1)..] : trimmed;
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.-]*)://")]
    private static partial Regex SchemePattern();

    // git's scp-like syntax: [user@]host:path, with a colon before any slash. The host must start with a letter or
    // digit, so it can never read as an option to ssh.
    [GeneratedRegex(@"^(?<user>[A-Za-z0-9._~+-]+@)?(?<host>[A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\]):(?<path>[^/].*|/.+)$")]
    private static partial Regex ScpPattern();

    // git reads "<name>::<address>" as "run git-remote-<name>"; ext:: in particular runs any command it is given.
    [GeneratedRegex(@"^[A-Za-z0-9+.-]+::")]
    private static partial Regex HelperPattern();

    [GeneratedRegex(@"(://[^/@:]*:)[^/@]*@")]
    private static partial Regex PasswordPattern();
}
