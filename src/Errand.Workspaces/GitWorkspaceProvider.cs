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
    private readonly GitCli _git;
    private readonly DataLayout _layout;
    private readonly SourceResolver _sources;
    private readonly MirrorCache _mirrors;
    private readonly WorkspaceCommitter _committer;
    private readonly BranchDelivery _delivery;
    private readonly OverlayWorkspaces _overlays;
    private readonly WorktreeWorkspaces _worktrees;
    private readonly GitWorkspaceOptions _options;
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
        _options = options;
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

    /// <inheritdoc/>
    public Task<WorkspaceSnapshot> SnapshotAsync(Workspace workspace, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.IsGit
            ? _committer.SnapshotAsync(workspace, message ?? "", cancellationToken)
            : Task.FromResult(new WorkspaceSnapshot(null, DiffStat.Empty));
    }

    /// <inheritdoc/>
    public Task DeliverAsync(Workspace workspace, string commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(commit);
        return workspace.IsGit
            ? _delivery.DeliverAsync(workspace, commit, cancellationToken)
            : throw new WorkspaceException("a scratch workspace has no repository to deliver a branch to");
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
                    ?? throw new WorkspaceException($"checkpoint commit '{request.StartCommit}' not found in the mirror of {source.Display}");

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
