using System.Security.Cryptography;
using System.Text;
using Errand.Workspaces.Git;

namespace Errand.Workspaces.Environments;

/// <summary>
/// What identifies an environment: the repository, the commit, the setup commands, the secrets they run with (names
/// and a keyed digest of the values) and the lock files in the tree.
/// </summary>
/// <param name="Value">The key: a readable prefix and a hash of all of it.</param>
/// <param name="LockFiles">The lock files found, repository-relative.</param>
internal sealed record EnvironmentKey(string Value, IReadOnlyList<string> LockFiles)
{
    public static async Task<EnvironmentKey> ComputeAsync(
        GitCli git, string mirror, string mirrorKey, string commit, ISetupRunner setup, CancellationToken cancellationToken)
    {
        // ls-tree lists blob ids: git has already hashed every lock file's content.
        var listing = await git.RunCheckedAsync($"cannot list the files of {commit}",
            ["--git-dir=" + mirror, "ls-tree", "-r", "-z", "--full-tree", commit], cancellationToken);
        var lockFiles = new List<(string Path, string Blob)>();
        foreach (var entry in listing.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <type> <id>\t<path>"
            var tab = entry.IndexOf('\t', StringComparison.Ordinal);
            var header = entry[..tab].Split(' ');
            var path = entry[(tab + 1)..];
            if (header[1] == "blob" && Environments.LockFiles.Matches(Path.GetFileName(path)))
            {
                lockFiles.Add((path, header[2]));
            }
        }

        lockFiles.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        // v2: v1 keys left the secrets out, so a layer built with a token was shared with tasks without it; no
        // v1 layer is ever reused. SECRETS: the digest is keyed (see ISecretSource), never a plain hash of a value.
        var text = new StringBuilder()
            .Append("errand-environment-v2\0").Append(mirrorKey).Append('\0').Append(commit).Append('\0')
            .Append("secrets\0").Append(setup.SecretsDigest).Append('\0');
        foreach (var command in setup.Commands)
        {
            text.Append("setup\0").Append(command).Append('\0');
        }

        foreach (var (path, blob) in lockFiles)
        {
            text.Append("lock\0").Append(path).Append('\0').Append(blob).Append('\0');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24];
        return new EnvironmentKey($"{mirrorKey}-{hash}", [.. lockFiles.Select(l => l.Path)]);
    }
}
