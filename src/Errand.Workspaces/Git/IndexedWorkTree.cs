namespace Errand.Workspaces.Git;

/// <summary>
/// Errand's own git over a workspace's files, which the sandboxed agent can write.
/// </summary>
/// <remarks>
/// SECURITY. Host-side git here must never read anything the agent can write except the files it is asked to
/// store, as data. So every command names the mirror as its git directory and Errand's private index (in the
/// attempt directory, outside every sandbox) through GIT_INDEX_FILE: the workspace's own <c>.git</c> — a worktree's
/// admin directory bound writable into the sandbox, or an overlay workspace's <c>.git</c> directory — is never
/// consulted, so rewriting its <c>commondir</c>, <c>gitdir</c> or <c>config</c> cannot bring a config of the agent's
/// choosing (filter drivers, fsmonitor, sshCommand, external diff) to git running on the host. Global config is
/// off too (GIT_CONFIG_GLOBAL=/dev/null; system config is off in <see cref="GitCli"/>): a <c>.gitattributes</c> the
/// agent writes can name a filter or diff driver, but only config defines one, and the only config read is the
/// mirror's, which Errand writes and no sandbox can. No git runs inside a nested repository the agent made (see
/// <see cref="StageAsync"/>).
/// </remarks>
internal sealed class IndexedWorkTree(GitCli git)
{
    private static readonly string[] WorkTreeConfig =
    [
        "-c", "submodule.recurse=false",
        "-c", "diff.ignoreSubmodules=all",
        "-c", "core.untrackedCache=false",
        "-c", "core.splitIndex=false",
    ];

    public static IReadOnlyDictionary<string, string> Environment(string indexFile) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GIT_INDEX_FILE"] = indexFile,
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
    };

    /// <summary>
    /// Stages the whole work tree into <paramref name="indexFile"/> and returns its tree. With an index made from the
    /// same files (a cached checkout's, refreshed once) only changed files are hashed: unchanged ones match on stat.
    /// </summary>
    /// <param name="mirror">The mirror (git directory for objects and config).</param>
    /// <param name="workTree">The workspace.</param>
    /// <param name="indexFile">Errand's private index.</param>
    /// <param name="only">
    /// When known (an overlay's upper directory lists them), the only paths that can have changed; git then looks
    /// at those alone instead of the whole tree. Null to look everywhere.
    /// </param>
    /// <param name="cancellationToken">Cancels the git commands.</param>
    public async Task<string> StageAsync(
        string mirror, string workTree, string indexFile, IReadOnlyList<string>? only, CancellationToken cancellationToken)
    {
        // A snapshot killed mid-way leaves the lock; only this attempt's worker uses this index.
        File.Delete(indexFile + ".lock");
        var env = Environment(indexFile);

        // Not `git add --all`: for a nested repository already in the index (a gitlink), add runs `git status`
        // inside it to see whether it is dirty, and that child reads the nested repository's own config, which the
        // agent wrote (a clean filter there ran on the host in a test). ls-files and update-index only read refs.
        if (only is { Count: 0 })
        {
            return await WriteTreeAsync(mirror, workTree, env, cancellationToken);
        }

        IReadOnlyDictionary<string, string> listEnv = only is null
            ? env
            : new Dictionary<string, string>(env, StringComparer.Ordinal) { ["GIT_LITERAL_PATHSPECS"] = "1" };
        var changed = await git.RunCheckedAsync($"cannot list the changes in {workTree}",
            [.. WorkTreeConfig, "--git-dir=" + mirror, "--work-tree=" + workTree, "ls-files", "-z", "--modified", "--deleted", "--others", "--exclude-standard",
                "--", .. only ?? []],
            listEnv, null, cancellationToken);
        var paths = changed.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.TrimEnd('/'))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (paths.Count > 0)
        {
            await git.RunCheckedAsync($"cannot stage the changes in {workTree}",
                [.. WorkTreeConfig, "--git-dir=" + mirror, "--work-tree=" + workTree, "update-index", "-z", "--add", "--remove", "--replace", "--stdin"],
                env, string.Join('\0', paths) + "\0", cancellationToken);
        }

        return await WriteTreeAsync(mirror, workTree, env, cancellationToken);
    }

    private async Task<string> WriteTreeAsync(string mirror, string workTree, IReadOnlyDictionary<string, string> env, CancellationToken cancellationToken)
    {
        var tree = await git.RunCheckedAsync($"cannot write the tree of {workTree}", ["--git-dir=" + mirror, "write-tree"], env, null, cancellationToken);
        return tree.Line;
    }

    /// <summary>
    /// The tree <paramref name="onto"/> with the change from <paramref name="from"/> to <paramref name="to"/> applied:
    /// what the agent changed, without what the environment's setup added before it began.
    /// </summary>
    public async Task<string> ApplyChangeAsync(string mirror, string scratchIndex, string onto, string from, string to, CancellationToken cancellationToken)
    {
        File.Delete(scratchIndex);
        var env = Environment(scratchIndex);
        await git.RunCheckedAsync("cannot read the start tree", ["--git-dir=" + mirror, "read-tree", onto], env, null, cancellationToken);
        var diff = await git.RunCheckedAsync($"cannot compare {to} with {from}",
            ["--git-dir=" + mirror, "diff-tree", "-r", "-z", "--raw", "--no-abbrev", "--no-renames", from, to], cancellationToken);
        var entries = RawDiff.ToIndexInfo(diff.StandardOutput);
        if (entries.Length > 0)
        {
            await git.RunCheckedAsync("cannot apply the changes to the start tree",
                ["--git-dir=" + mirror, "update-index", "-z", "--index-info"], env, entries, cancellationToken);
        }

        var tree = await git.RunCheckedAsync("cannot write the composed tree", ["--git-dir=" + mirror, "write-tree"], env, null, cancellationToken);
        File.Delete(scratchIndex);
        return tree.Line;
    }
}
