using System.Diagnostics;
using Errand.Results;
using Errand.Workspaces.Environments;
using Errand.Workspaces.Git;
using Errand.Workspaces.Overlay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Errand.Workspaces;

/// <summary>
/// Workspaces from real git: one cached bare mirror per repository under the data directory; per attempt, a
/// copy-on-write overlay over a cached checkout of the commit (a mount, whatever the repository's size) where this
/// process may mount, else a detached worktree sharing the mirror's objects (a checkout, never a clone). A spec's
/// setup commands run once per environment key and their result is a cached layer below later workspaces.
/// Safe for many workers at once, in one process or several sharing the data directory.
/// </summary>
public sealed class GitWorkspaceProvider : IWorkspaceProvider
{
    // A push to the shared remote at delivery is tried this often, a second further apart each time, before the
    // delivery fails: a remote that is briefly unreachable should not fail a finished task.
    private const int SharedDeliveryTries = 3;

    private static readonly TimeSpan SharedDeliveryBackoff = TimeSpan.FromSeconds(1);

    private readonly GitCli _git;
    private readonly DataLayout _layout;
    private readonly SourceResolver _sources;
    private readonly MirrorCache _mirrors;
    private readonly WorkspaceCommitter _committer;
    private readonly BranchDelivery _delivery;
    private readonly BranchPush _push;
    private readonly BranchMerger _merger;
    private readonly OverlayWorkspaces _overlays;
    private readonly WorktreeWorkspaces _worktrees;
    private readonly GitWorkspaceOptions _options;
    private readonly SharedRemote? _shared;
    private readonly Lazy<string?> _overlayRefusal;
    private readonly Lazy<Task> _recovered;
    private readonly ILogger _logger;

    /// <summary>Creates the provider, creating the data directory's layout if it is missing.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="logger">Optional logging.</param>
    public GitWorkspaceProvider(GitWorkspaceOptions options, ILogger<GitWorkspaceProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _git = new GitCli(options.GitExecutable);
        _layout = new DataLayout(options.Root);
        _sources = new SourceResolver(_git);
        _mirrors = new MirrorCache(_git, _layout, options.FetchTimeout, _logger);
        _committer = new WorkspaceCommitter(_git, _layout, options);
        _delivery = new BranchDelivery(_git, _layout, _mirrors);
        _push = new BranchPush(_git, _layout);
        _merger = new BranchMerger(_git, _sources, _mirrors, options);
        _options = options;
        _shared = options.SharedRemote is { } remote ? new SharedRemote(_git, remote, options.InstallationId!) : null;
        var time = options.TimeProvider;
        _overlays = new OverlayWorkspaces(_git, _layout,
            new CheckoutCache(_git, new LayerStore(_layout.Checkouts, options.MaxCachedCheckouts, options.CacheMaxUnused, time, _logger)),
            new EnvironmentCache(_git, new LayerStore(_layout.Environments, options.MaxCachedEnvironments, options.CacheMaxUnused, time, _logger)),
            _logger);
        _worktrees = new WorktreeWorkspaces(_git, _layout, _mirrors);
        _overlayRefusal = new Lazy<string?>(ProbeOverlay);

        // Once per provider, before its first workspace: mounts left by workers that died (they outlive a process).
        _recovered = new Lazy<Task>(() =>
        {
            _overlays.RecoverLeftovers();
            return Task.CompletedTask;
        });

        if (FileLockingDisabled())
        {
            _logger.LogWarning("File locking is disabled for .NET in this process (System.IO.DisableFileLocking); "
                + "workers in different processes sharing {DataDirectory} are not kept apart", _layout.Root);
        }
    }

    /// <summary>How workspaces are made here: <see cref="WorkspaceModes.Overlay"/> or <see cref="WorkspaceModes.Worktree"/> (probed once).</summary>
    public string EffectiveMode => UseOverlay() ? WorkspaceModes.Overlay : WorkspaceModes.Worktree;

    /// <inheritdoc/>
    public async Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = _layout.WorkspacePath(request.TaskId, request.Attempt);
        if (request.Repo is null)
        {
            RemoveLeftover(path);
            Directory.CreateDirectory(path);
            return new Workspace(path, request.Branch, null, null);
        }

        if (request.Base is not null)
        {
            GitNames.EnsureRevision(request.Base, "base");
        }

        if (request.StartCommit is not null)
        {
            GitNames.EnsureRevision(request.StartCommit, "checkpoint commit");
        }

        await GitNames.EnsureBranchAsync(_git, request.Branch, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var source = await _sources.ResolveAsync(request.Repo, cancellationToken);

        // The status of a large source work tree takes as long as the fetch; neither needs the other.
        var dirty = _sources.IsDirtyAsync(source, cancellationToken);
        var checkout = CheckOutAsync(source, request, path, cancellationToken);
        await Task.WhenAll(dirty, checkout);
        var workspace = await checkout;

        var elapsed = Stopwatch.GetElapsedTime(started);
        _logger.LogDebug("Prepared {Path} ({Mode}) at {Commit} from {Source} in {Elapsed:F0} ms",
            path, workspace.Mode, workspace.BaseCommit, source.Display, elapsed.TotalMilliseconds);
        return workspace with { SourceDirty = await dirty, Duration = elapsed };
    }

    /// <summary>The shared git remote as it may be shown (no credentials), or null when none is configured.</summary>
    public string? SharedRemoteDisplay => _shared?.Display;

    /// <inheritdoc/>
    public async Task<WorkspaceSnapshot> SnapshotAsync(Workspace workspace, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!workspace.IsGit)
        {
            return new WorkspaceSnapshot(null, DiffStat.Empty);
        }

        var snapshot = await _committer.SnapshotAsync(workspace, message ?? "", cancellationToken);
        if (_shared is null || snapshot.Commit is null || snapshot.Commit == workspace.BaseCommit)
        {
            return snapshot;
        }

        // The checkpoint is durable on this host once the ref is written; the push is what lets another host resume
        // from it. A failure is reported, not thrown: the task goes on, and the next snapshot pushes the same ref
        // (which holds every earlier checkpoint of the attempt) again.
        var (taskId, attempt) = _layout.ParseWorkspacePath(workspace.Path);
        var snapshotRef = GitNames.SnapshotRef(taskId, attempt);
        var error = await _shared.PushAsync(MirrorOf(workspace), [snapshotRef], cancellationToken);
        if (error is not null)
        {
            _logger.LogWarning("Checkpoint {Commit} of task {TaskId} not pushed to {Remote}: {Error}", snapshot.Commit, taskId, _shared.Display, error);
        }

        return snapshot with { SharedRemoteError = error is null ? null : $"cannot push to the shared git remote {_shared.Display}: {error}" };
    }

    /// <inheritdoc/>
    public async Task DeliverAsync(Workspace workspace, string commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(commit);
        if (!workspace.IsGit)
        {
            throw new WorkspaceException("a scratch workspace has no repository to deliver a branch to");
        }

        if (_shared is not null)
        {
            // Before the local branch moves: a delivery the team's other hosts cannot see fails as a whole.
            await DeliverSharedAsync(workspace, commit, cancellationToken);
        }

        await _delivery.DeliverAsync(workspace, commit, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<string> PushAsync(Workspace workspace, string remote, string commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentException.ThrowIfNullOrWhiteSpace(remote);
        return workspace.IsGit
            ? _push.PushAsync(workspace, remote, commit, cancellationToken)
            : throw new WorkspaceException("a scratch workspace has no repository to push");
    }

    /// <inheritdoc/>
    public async Task CleanupAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var (taskId, attempt) = _layout.ParseWorkspacePath(workspace.Path);
        var path = _layout.WorkspacePath(taskId, attempt);
        if (!workspace.IsGit || workspace.MirrorPath is null)
        {
            DirectoryRemover.Delete(path);
            return;
        }

        if (workspace.Mode == WorkspaceModes.Overlay || OverlayMount.IsMountPoint(path))
        {
            _overlays.Cleanup(path);
            return;
        }

        await _worktrees.CleanupAsync(path, _layout.EnsureMirrorPath(workspace.MirrorPath), cancellationToken);
    }

    private async Task DeliverSharedAsync(Workspace workspace, string commit, CancellationToken cancellationToken)
    {
        await GitNames.EnsureBranchAsync(_git, workspace.Branch, cancellationToken);
        var (taskId, attempt) = _layout.ParseWorkspacePath(workspace.Path);
        var mirror = MirrorOf(workspace);
        string? error = null;
        for (var tries = 1; tries <= SharedDeliveryTries; tries++)
        {
            using (await _mirrors.LockExclusiveAsync(mirror, cancellationToken))
            {
                error = await _shared!.DeliverAsync(mirror, workspace.Branch, commit, GitNames.SnapshotRef(taskId, attempt), cancellationToken);
            }

            if (error is null)
            {
                return;
            }

            _logger.LogWarning("Delivering {Branch} of task {TaskId} to {Remote} failed (try {Try} of {Tries}): {Error}",
                workspace.Branch, taskId, _shared.Display, tries, SharedDeliveryTries, error);
            if (tries < SharedDeliveryTries)
            {
                await Task.Delay(SharedDeliveryBackoff * tries, _options.TimeProvider, cancellationToken);
            }
        }

        throw new WorkspaceException($"cannot deliver {workspace.Branch} to the shared git remote {_shared!.Display} after {SharedDeliveryTries} tries: {error}");
    }

    /// <inheritdoc/>
    public Task<MergeResult> MergeAsync(MergeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _merger.MergeAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<string> DiffAsync(string repo, string fromCommit, string toCommit, int maxChars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        GitNames.EnsureRevision(fromCommit, "commit");
        GitNames.EnsureRevision(toCommit, "commit");
        var mirror = _mirrors.PathFor(await _sources.ResolveAsync(repo, cancellationToken));
        using var held = await _mirrors.LockSharedAsync(mirror, cancellationToken);

        // diff-tree is plumbing: no external diff, textconv or other user diff config changes what the judge reads.
        var patch = (await _git.RunCheckedAsync($"cannot compare {toCommit} with {fromCommit}",
            ["--git-dir=" + mirror, "diff-tree", "-p", "-M", "--no-color", fromCommit, toCommit], cancellationToken)).StandardOutput;
        return patch.Length <= maxChars ? patch : patch[..maxChars] + $"\n… ({patch.Length - maxChars} more characters not shown)\n";
    }

    private string MirrorOf(Workspace workspace) =>
        _layout.EnsureMirrorPath(workspace.MirrorPath ?? throw new WorkspaceException($"workspace {workspace.Path} has no mirror recorded"));

    private async Task<Workspace> CheckOutAsync(RepoSource source, WorkspaceRequest request, string path, CancellationToken cancellationToken)
    {
        _recovered.Value.GetAwaiter().GetResult();
        var mirror = _mirrors.PathFor(source);
        var requestedAt = Stopwatch.GetTimestamp();
        string baseCommit;
        string startCommit;
        using (await _mirrors.LockExclusiveAsync(mirror, cancellationToken))
        {
            await _mirrors.RefreshAsync(source, mirror, requestedAt, cancellationToken);
            baseCommit = request.Base is null or "HEAD"
                ? await _mirrors.ResolveCommitAsync(mirror, GitNames.SourceHead, cancellationToken)
                    ?? throw new WorkspaceException($"{source.Display} has no HEAD commit")
                : await _mirrors.ResolveCommitAsync(mirror, request.Base, cancellationToken)
                    ?? throw new WorkspaceException($"base '{request.Base}' not found in {source.Display}");
            startCommit = request.StartCommit is null
                ? baseCommit
                : await _mirrors.ResolveCommitAsync(mirror, request.StartCommit, cancellationToken)
                    ?? await FetchCheckpointAsync(mirror, request, source, cancellationToken);

            // A directory or registration left by a worker that died while preparing this same attempt. Pruning
            // needs the exclusive lock: it must not race a worktree being added.
            if (Path.Exists(path) || Directory.Exists(Path.Combine(mirror, "worktrees", Path.GetFileName(path))))
            {
                RemoveLeftover(path);
                await _mirrors.PruneAsync(mirror, cancellationToken);
            }
        }

        var workspace = new Workspace(path, request.Branch, baseCommit, source.Display) { MirrorPath = mirror };
        return UseOverlay()
            ? await _overlays.PrepareAsync(workspace, mirror, source.Key, startCommit, request.Setup, cancellationToken)
            : await _worktrees.PrepareAsync(workspace, mirror, source.Key, startCommit, request.Setup, cancellationToken) with
            {
                ModeNote = _overlayRefusal.Value is { } why && _options.Mode == WorkspaceMode.Auto ? $"overlay unavailable: {why}" : null,
            };
    }

    // A checkpoint made on another host is in that host's mirror and, pushed, on the shared remote: fetched from
    // there into this mirror (under its exclusive lock), the task resumes here from the work done there.
    private async Task<string> FetchCheckpointAsync(string mirror, WorkspaceRequest request, RepoSource source, CancellationToken cancellationToken)
    {
        var notFound = $"checkpoint commit '{request.StartCommit}' not found in the mirror of {source.Display}";
        if (_shared is null)
        {
            throw new WorkspaceException(notFound + " (no shared git remote is configured to fetch it from)");
        }

        var error = await _shared.FetchTaskAsync(mirror, request.TaskId, cancellationToken);
        var found = await _mirrors.ResolveCommitAsync(mirror, request.StartCommit!, cancellationToken);
        if (found is not null)
        {
            _logger.LogInformation("Fetched checkpoint {Commit} of task {TaskId} from {Remote}", found, request.TaskId, _shared.Display);
            return found;
        }

        throw new WorkspaceException(error is null
            ? $"{notFound} nor on the shared git remote {_shared.Display}"
            : $"{notFound}, and fetching it from the shared git remote {_shared.Display} failed: {error}");
    }

    private bool UseOverlay() => _options.Mode switch
    {
        WorkspaceMode.Worktree => false,
        WorkspaceMode.Overlay => _overlayRefusal.Value is not { } why ? true : throw new WorkspaceException($"overlay workspaces are required but unavailable: {why}"),
        _ => _overlayRefusal.Value is null,
    };

    private string? ProbeOverlay()
    {
        if (_options.Mode == WorkspaceMode.Worktree)
        {
            return "disabled by configuration";
        }

        var refusal = OverlaySupport.Probe(_layout.Attempts);
        if (refusal is null)
        {
            _logger.LogInformation("Workspaces are copy-on-write overlays over cached checkouts in {Checkouts}", _layout.Checkouts);
        }
        else
        {
            _logger.LogWarning("Overlay mounts are unavailable ({Reason}); workspaces are git worktrees, and setup runs for every task", refusal);
        }

        return refusal;
    }

    private void RemoveLeftover(string path)
    {
        if (Path.Exists(path))
        {
            _logger.LogWarning("Removing leftover {Path} from an earlier run", path);
            MountedTree.Delete(path);
        }
    }

    private static bool FileLockingDisabled() =>
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled)
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true";
}
