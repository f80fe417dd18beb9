using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Errand.Workspaces.Git;

/// <summary>
/// The bare mirror of each repository: created on first use, fetched before each workspace is made from it, and
/// locked so that many workers, in this process and others, can share it.
/// </summary>
internal sealed class MirrorCache(GitCli git, DataLayout layout, TimeSpan fetchTimeout, ILogger logger)
{
    private readonly ConcurrentDictionary<string, MirrorGate> _gates = new(StringComparer.Ordinal);

    public string PathFor(RepoSource source) => Path.Combine(layout.Repos, source.Key + ".git");

    public Task<MirrorLock> LockExclusiveAsync(string mirror, CancellationToken cancellationToken) =>
        MirrorLock.ExclusiveAsync(LockFile(mirror), Gate(mirror), cancellationToken);

    public Task<MirrorLock> LockSharedAsync(string mirror, CancellationToken cancellationToken) =>
        MirrorLock.SharedAsync(LockFile(mirror), cancellationToken);

    /// <summary>
    /// Creates the mirror if needed and fetches the source into it, unless a fetch this process started after
    /// <paramref name="requestedAt"/> (a Stopwatch timestamp) already brought everything this one would: a burst
    /// of prepares costs one fetch, not one each. The caller holds the exclusive lock.
    /// </summary>
    public async Task RefreshAsync(RepoSource source, string mirror, long requestedAt, CancellationToken cancellationToken)
    {
        var gate = Gate(mirror);
        if (Directory.Exists(mirror) && gate.LastFetchStartedAt >= requestedAt)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(fetchTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (Directory.Exists(mirror))
            {
                await FetchAsync(source, mirror, timeout.Token);
            }
            else
            {
                await CreateAsync(source, mirror, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WorkspaceException($"fetching {source.Display} took longer than {fetchTimeout}; giving up");
        }

        gate.LastFetchStartedAt = started;
        logger.LogDebug("Fetched {Source} into {Mirror} in {Elapsed:F0} ms", source.Display, mirror, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The full commit id a revision names in the mirror, or null when it names none.</summary>
    public async Task<string?> ResolveCommitAsync(string mirror, string revision, CancellationToken cancellationToken)
    {
        var output = await git.RunAsync(
            ["--git-dir=" + mirror, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cancellationToken);
        return output.ExitCode == 0 ? output.Line : null;
    }

    /// <summary>Forgets worktrees whose directories are gone. The caller holds the exclusive lock.</summary>
    public async Task PruneAsync(string mirror, CancellationToken cancellationToken) =>
        await git.RunCheckedAsync($"cannot prune worktrees of {mirror}", ["--git-dir=" + mirror, "worktree", "prune"], cancellationToken);

    private async Task CreateAsync(RepoSource source, string mirror, CancellationToken cancellationToken)
    {
        // Built and fetched beside its final place, then renamed in: a worker killed half-way, or a URL that cannot
        // be fetched, leaves no mirror behind that later prepares would trust. The exclusive lock means no one else
        // is building it.
        foreach (var stale in Directory.EnumerateDirectories(layout.Repos, Path.GetFileName(mirror) + ".tmp-*"))
        {
            DirectoryRemover.Delete(stale);
        }

        var building = $"{mirror}.tmp-{Guid.NewGuid():N}";
        if (source.IsLocal)
        {
            // A local clone hard-links the source's object files (same file system) instead of copying them, so
            // the first use of a large repository costs seconds, not a full copy.
            await git.RunCheckedAsync($"cannot mirror {source.Display}",
                ["clone", "--bare", "--quiet", "--", source.Location, building], cancellationToken);
        }
        else
        {
            // No remote is configured: every fetch names the URL it was given, so no credentials in a URL are
            // stored in the mirror's config.
            await git.RunCheckedAsync($"cannot create a mirror for {source.Display}", ["init", "--bare", "--quiet", "--", building], cancellationToken);
        }

        // Worktrees are pruned only by Errand, under the exclusive lock: gc pruning one while another worker is
        // still adding it would drop a workspace being made.
        try
        {
            await git.RunCheckedAsync("cannot configure the mirror",
                ["--git-dir=" + building, "config", "gc.worktreePruneExpire", "never"], cancellationToken);
            await FetchAsync(source, building, cancellationToken);
        }
        catch
        {
            DirectoryRemover.Delete(building);
            throw;
        }

        Directory.Move(building, mirror);
        logger.LogInformation("Created mirror {Mirror} for {Source}", mirror, source.Display);
    }

    private async Task FetchAsync(RepoSource source, string mirror, CancellationToken cancellationToken)
    {
        // Branches and tags follow the source (forced: the source is the truth for them), without pruning, so a
        // task branch that exists only here is never deleted. refs/errand/* is Errand's and no refspec touches it
        // except the source's HEAD, recorded so a null base means what the user has checked out. A local source's
        // remote-tracking branches come too, so "base: origin/main" means what it means in that repository.
        List<string> arguments =
        [
            "--git-dir=" + mirror, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-recurse-submodules",
            "--", source.Location,
            "+HEAD:" + GitNames.SourceHead, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*",
        ];
        if (source.IsLocal)
        {
            arguments.Add("+refs/remotes/*:refs/remotes/*");
        }

        var output = await git.RunAsync(arguments, cancellationToken);
        if (output.ExitCode != 0)
        {
            throw new WorkspaceException(output.StandardError.Contains("couldn't find remote ref HEAD", StringComparison.Ordinal)
                ? $"{source.Display} has no commits yet"
                : $"cannot fetch {source.Display}: {output.ErrorTail}");
        }
    }

    private MirrorGate Gate(string mirror) => _gates.GetOrAdd(mirror, static _ => new MirrorGate());

    private static string LockFile(string mirror) => Path.ChangeExtension(mirror, ".lock");
}
