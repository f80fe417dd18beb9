using System.Globalization;
using System.Text.RegularExpressions;

namespace Errand.Workspaces.Git;

/// <summary>
/// The git remote workers on many hosts share: every checkpoint's hidden ref and every delivered task branch is
/// pushed there, and a worker resuming a task whose checkpoint commit its own mirror lacks fetches it from there.
/// Everything an installation writes there is under its own prefix (<see cref="InstallationPrefix"/>): two
/// installations — two databases, whose task ids and default branch names repeat — can share one remote and never
/// read or move each other's refs.
/// </summary>
/// <remarks>
/// CREDENTIALS: the URL may carry a user and a token. It is passed to git on the command line of each push and
/// fetch and never written to a mirror's config; everything this class reports (display name, errors) has the
/// user information replaced, and git's own error text is scrubbed of the URL before it leaves.
/// </remarks>
internal sealed partial class SharedRemote
{
    private readonly GitCli _git;
    private readonly string _url;
    private readonly string[] _secrets;

    private readonly string _installation;

    public SharedRemote(GitCli git, string url, string installation)
    {
        RepoLocation.Classify(url);
        if (!IsInstallationId(installation))
        {
            throw new ArgumentException($"'{installation}' is not an installation id", nameof(installation));
        }

        _git = git;
        _url = url;
        _installation = installation;
        Display = UserInfo().Replace(url, "$1***@");
        _secrets = [url, .. SecretParts(UserInfo().Match(url))];
    }

    /// <summary>The remote as it may be shown: any user name and password replaced by <c>***</c>.</summary>
    public string Display { get; }

    /// <summary>Where this installation's Errand refs live on the remote: its checkpoints and delivery records.</summary>
    public string InstallationPrefix => $"refs/errand/installations/{_installation}/";

    /// <summary>True for a usable installation id: 1 to 32 lowercase ASCII letters, digits or '-', not starting with '-'.</summary>
    public static bool IsInstallationId(string value) =>
        value.Length is > 0 and <= 32 && value[0] != '-' && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>The ref a task's checkpoints live under in each mirror.</summary>
    public static string TaskRefs(long taskId) => string.Create(CultureInfo.InvariantCulture, $"refs/errand/tasks/{taskId}/");

    /// <summary>Where a ref of a mirror under <c>refs/errand/</c> lives on the remote: under this installation's prefix.</summary>
    public string RemoteRef(string mirrorRef) =>
        mirrorRef.StartsWith("refs/errand/", StringComparison.Ordinal)
            ? InstallationPrefix + mirrorRef["refs/errand/".Length..]
            : throw new ArgumentException($"'{mirrorRef}' is not under refs/errand/", nameof(mirrorRef));

    /// <summary>Where a task branch lives on the remote: <c>refs/heads/&lt;installation&gt;/&lt;branch&gt;</c>.</summary>
    public string RemoteBranch(string branch) => $"refs/heads/{_installation}/{branch}";

    /// <summary>
    /// Pushes refs of the mirror (under <c>refs/errand/</c>) to the remote, under this installation's prefix, forced:
    /// each names a ref only this task's attempt writes. Pushing what the remote already has is a no-op, so a retry
    /// is always safe. Returns null, or why it failed.
    /// </summary>
    public async Task<string?> PushAsync(string mirror, IReadOnlyList<string> mirrorRefs, CancellationToken cancellationToken)
    {
        var output = await _git.RunAsync(
            ["--git-dir=" + mirror, "push", "--quiet", "--no-verify", "--porcelain", "--", _url, .. mirrorRefs.Select(r => $"+{r}:{RemoteRef(r)}")], cancellationToken);
        return output.ExitCode == 0 ? null : Scrub(output.ErrorTail);
    }

    /// <summary>
    /// Points the task branch (<see cref="RemoteBranch"/>) at <paramref name="commit"/> on the remote, with the
    /// attempt's checkpoint ref. Like
    /// delivery to a local source, it may move only a branch Errand made and nobody has committed to since: the push
    /// is forced only with a lease on what this installation last delivered there (<c>delivered/&lt;branch&gt;</c> under its prefix),
    /// and atomic, so the branch and that record never disagree. The caller holds the mirror's exclusive lock.
    /// Returns null, or why it failed.
    /// </summary>
    public async Task<string?> DeliverAsync(string mirror, string branch, string commit, string checkpointRef, CancellationToken cancellationToken)
    {
        var deliveredRef = "refs/errand/delivered/" + branch;
        var remoteDelivered = RemoteRef(deliveredRef);
        var remoteBranch = RemoteBranch(branch);
        var listed = await _git.RunAsync(["ls-remote", "--", _url, remoteDelivered], cancellationToken);
        if (listed.ExitCode != 0)
        {
            return Scrub(listed.ErrorTail);
        }

        // Empty means "the branch must not exist yet": a branch Errand never delivered is never overwritten.
        var expected = listed.Line.Split('\t', 2)[0];
        if (expected.Length > 0)
        {
            // Deliveries from every host go through the remote, so its record of the last one is the truth: this
            // mirror takes it, and the delivery to a local source that follows recognises another host's branch.
            var fetched = await _git.RunAsync(
                ["--git-dir=" + mirror, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", _url, $"+{remoteDelivered}:{deliveredRef}"],
                cancellationToken);
            if (fetched.ExitCode != 0)
            {
                return Scrub(fetched.ErrorTail);
            }
        }

        var output = await _git.RunAsync(
            ["--git-dir=" + mirror, "push", "--quiet", "--no-verify", "--porcelain", "--atomic",
                $"--force-with-lease={remoteBranch}:{expected}", "--", _url,
                $"{commit}:{remoteBranch}", $"+{commit}:{remoteDelivered}", $"+{checkpointRef}:{RemoteRef(checkpointRef)}"],
            cancellationToken);
        if (output.ExitCode == 0)
        {
            return null;
        }

        return output.StandardOutput.Contains("stale info", StringComparison.Ordinal)
            ? $"branch '{remoteBranch["refs/heads/".Length..]}' on {Display} has commits Errand did not deliver there; Errand will not overwrite it"
            : Scrub(output.ErrorTail);
    }

    /// <summary>
    /// Fetches every checkpoint ref of the task (and so the commit a resume needs) into the mirror. The caller holds
    /// the mirror's exclusive lock. Returns null, or why it failed.
    /// </summary>
    public async Task<string?> FetchTaskAsync(string mirror, long taskId, CancellationToken cancellationToken)
    {
        var refs = TaskRefs(taskId);
        var output = await _git.RunAsync(
            ["--git-dir=" + mirror, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-recurse-submodules",
                "--", _url, $"+{RemoteRef(refs)}*:{refs}*"], cancellationToken);
        return output.ExitCode == 0 ? null : Scrub(output.ErrorTail);
    }

    // A password, and a user name long enough to be a token (a short one such as "git" would garble every message).
    private static IEnumerable<string> SecretParts(Match userInfo)
    {
        if (!userInfo.Success)
        {
            yield break;
        }

        var parts = userInfo.Groups[2].Value.Split(':', 2);
        if (parts.Length == 2 && parts[1].Length > 0)
        {
            yield return parts[1];
        }

        if (parts[0].Length >= 16)
        {
            yield return parts[0];
        }
    }

    private string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, secret == _url ? Display : "***", StringComparison.Ordinal);
        }

        return UserInfo().Replace(text, "$1***@");
    }

    // scheme://user[:password]@ — the whole user information goes, not just a password: a token is often the user.
    [GeneratedRegex(@"([A-Za-z][A-Za-z0-9+.-]*://)([^/@\s]+)@")]
    private static partial Regex UserInfo();
}
