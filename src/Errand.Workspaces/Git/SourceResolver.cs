namespace Errand.Workspaces.Git;

/// <summary>Turns the repository a task names into a <see cref="RepoSource"/>, and inspects local ones.</summary>
internal sealed class SourceResolver(GitCli git)
{
    public async Task<RepoSource> ResolveAsync(string repo, CancellationToken cancellationToken)
    {
        if (!RepoLocation.Classify(repo))
        {
            return new RepoSource(false, false, repo, RepoLocation.Redact(repo), MirrorKey.For(RepoLocation.Normalize(repo)));
        }

        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repo));
        if (!Directory.Exists(path))
        {
            throw new WorkspaceException(File.Exists(path) ? $"not a git repository: {path} (it is a file)" : $"repository path does not exist: {path}");
        }

        // The common case (a work tree, or any directory inside one) takes one git call; git prints the real path
        // of the top level, so every spelling of one repository (subdirectory, symlink) shares one mirror.
        var probe = await git.RunAsync(["-C", path, "rev-parse", "--is-bare-repository", "--absolute-git-dir", "--show-toplevel"], cancellationToken);
        if (probe.ExitCode == 0)
        {
            var root = Lines(probe)[2];
            return new RepoSource(true, false, root, root, MirrorKey.For(root));
        }

        var bare = await git.RunAsync(["-C", path, "rev-parse", "--is-bare-repository", "--absolute-git-dir"], cancellationToken);
        if (bare.ExitCode != 0)
        {
            throw new WorkspaceException(bare.StandardError.Contains("not a git repository", StringComparison.Ordinal)
                ? $"not a git repository: {path}"
                : $"cannot use {path} as a repository: {bare.ErrorTail}");
        }

        var lines = Lines(bare);
        if (lines[0] != "true")
        {
            throw new WorkspaceException($"{path} is inside a repository's git directory, not its work tree; name the work tree instead");
        }

        return new RepoSource(true, true, lines[1], lines[1], MirrorKey.For(lines[1]));
    }

    /// <summary>True when the source work tree has changes a workspace made from its commits would not contain.</summary>
    public async Task<bool> IsDirtyAsync(RepoSource source, CancellationToken cancellationToken)
    {
        if (!source.IsLocal || source.IsBare)
        {
            return false;
        }

        // --no-optional-locks: a status refresh must not take the index lock in the user's repository while they
        // may be working in it.
        var status = await git.RunCheckedAsync($"cannot read the status of {source.Display}",
            ["--no-optional-locks", "-C", source.Location, "status", "--porcelain", "-z"], cancellationToken);
        return status.StandardOutput.Length > 0;
    }

    private static string[] Lines(GitOutput output) =>
        output.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
