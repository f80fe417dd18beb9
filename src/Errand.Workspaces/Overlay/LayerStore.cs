using Errand.Workspaces.Git;
using Microsoft.Extensions.Logging;

namespace Errand.Workspaces.Overlay;

/// <summary>
/// Read-only layers (cached checkouts, environments) under one directory, each made once and shared by every
/// workspace that needs it, in this process and others using the same data directory.
/// </summary>
/// <remarks>
/// Each layer <c>&lt;key&gt;</c> has a lock file <c>&lt;key&gt;.lock</c>: exclusive to build or remove the layer,
/// shared while a workspace uses it. A layer is built in <c>&lt;key&gt;.tmp-*</c> and renamed into place, so a layer
/// that exists is complete: a worker killed mid-build leaves only a temp directory, which the next builder removes.
/// Lock files are never deleted: a worker may be waiting on one, and a new file of the same name would let two build
/// at once.
/// </remarks>
internal sealed class LayerStore(string root, int keep, TimeSpan maxUnused, TimeProvider time, ILogger logger)
{
    public string Root => root;

    /// <summary>
    /// The layer <paramref name="key"/>, built by <paramref name="build"/> (given an empty temp directory to fill)
    /// if nobody has built it yet. Concurrent callers for one key wait for the one that builds; nobody builds twice.
    /// A build that throws leaves nothing behind and is not cached.
    /// </summary>
    public async Task<LayerLease> AcquireAsync(string key, Func<string, CancellationToken, Task> build, CancellationToken cancellationToken)
    {
        var lockPath = Path.Combine(root, key + ".lock");
        var directory = Path.Combine(root, key);
        var built = false;
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            // Waits only while someone builds (they hold the lock exclusively).
            var shared = await MirrorLock.SharedAsync(lockPath, cancellationToken);
            if (Directory.Exists(directory))
            {
                File.SetLastWriteTimeUtc(lockPath, time.GetUtcNow().UtcDateTime);
                return new LayerLease(directory, built, shared);
            }

            shared.Dispose();

            // Never a blocking wait for the exclusive lock: once another worker has built the layer it holds it
            // shared for as long as its workspace lives, and a waiter for exclusive would wait that long. Missing
            // it means someone else is building or just checking: look again.
            using var exclusive = MirrorLock.TryExclusive(lockPath);
            if (exclusive is null)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(50).Ticks));
                continue;
            }

            if (!Directory.Exists(directory))
            {
                await BuildAsync(key, directory, build, cancellationToken);
                built = true;
            }
        }
    }

    /// <summary>
    /// Removes layers beyond the newest <c>keep</c> (by last use) and any unused for longer than <c>maxUnused</c>,
    /// skipping every layer a workspace holds or a worker is building.
    /// </summary>
    public void Collect()
    {
        var now = time.GetUtcNow().UtcDateTime;
        RemoveDeadBuilds();
        var layers = Directory.EnumerateDirectories(root)
            .Where(d => !Path.GetFileName(d).Contains(".tmp-", StringComparison.Ordinal))
            .Select(d => (Directory: d, Lock: d + ".lock"))
            .OrderByDescending(l => File.Exists(l.Lock) ? File.GetLastWriteTimeUtc(l.Lock) : DateTime.MinValue)
            .ToList();
        for (var i = 0; i < layers.Count; i++)
        {
            var (directory, lockPath) = layers[i];
            var lastUsed = File.Exists(lockPath) ? File.GetLastWriteTimeUtc(lockPath) : DateTime.MinValue;
            if (i < keep && now - lastUsed <= maxUnused)
            {
                continue;
            }

            // In use (a shared holder) or being built: not now.
            using var held = MirrorLock.TryExclusive(lockPath);
            if (held is null || !Directory.Exists(directory))
            {
                continue;
            }

            try
            {
                // Renamed away first, so a half-removed layer is never mistaken for a complete one.
                var doomed = directory + ".tmp-gc-" + Guid.NewGuid().ToString("N")[..8];
                Directory.Move(directory, doomed);
                MountedTree.Delete(doomed);
                logger.LogDebug("Removed cached layer {Layer}", directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not remove cached layer {Layer}", directory);
            }
        }
    }

    // Temp directories of builds (or removals) whose worker died: the key's lock is free, so nobody is on them.
    private void RemoveDeadBuilds()
    {
        foreach (var temp in Directory.EnumerateDirectories(root, "*.tmp-*"))
        {
            var name = Path.GetFileName(temp);
            using var held = MirrorLock.TryExclusive(Path.Combine(root, name[..name.IndexOf(".tmp-", StringComparison.Ordinal)] + ".lock"));
            if (held is not null)
            {
                MountedTree.Delete(temp);
            }
        }
    }

    private async Task BuildAsync(string key, string directory, Func<string, CancellationToken, Task> build, CancellationToken cancellationToken)
    {
        // Under the exclusive lock nobody else builds this key, so any temp directory of it is a dead build's.
        foreach (var stale in Directory.EnumerateDirectories(root, key + ".tmp-*"))
        {
            MountedTree.Delete(stale);
        }

        var temp = Directory.CreateDirectory(directory + ".tmp-" + Guid.NewGuid().ToString("N")[..12]).FullName;
        try
        {
            await build(temp, cancellationToken);
            Directory.Move(temp, directory);
        }
        catch
        {
            MountedTree.Delete(temp);
            throw;
        }
    }
}
