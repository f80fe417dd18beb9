namespace Errand.Workspaces.Git;

/// <summary>
/// A held lock on one mirror: exclusive for creating, fetching and pruning it, shared for adding worktrees.
/// Held through a lock file, so it orders workers in other processes too.
/// </summary>
internal sealed class MirrorLock : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMilliseconds(50);

    private readonly FileStream _file;
    private readonly SemaphoreSlim? _writers;

    private MirrorLock(FileStream file, SemaphoreSlim? writers)
    {
        _file = file;
        _writers = writers;
    }

    public static async Task<MirrorLock> ExclusiveAsync(string lockPath, MirrorGate gate, CancellationToken cancellationToken)
    {
        await gate.Writers.WaitAsync(cancellationToken);
        try
        {
            return new MirrorLock(await OpenAsync(lockPath, exclusive: true, cancellationToken), gate.Writers);
        }
        catch
        {
            gate.Writers.Release();
            throw;
        }
    }

    public static async Task<MirrorLock> SharedAsync(string lockPath, CancellationToken cancellationToken) =>
        new(await OpenAsync(lockPath, exclusive: false, cancellationToken), null);

    /// <summary>Takes the lock exclusively if nobody holds it in any way right now; null otherwise. Never waits.</summary>
    public static MirrorLock? TryExclusive(string lockPath)
    {
        try
        {
            return new MirrorLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), null);
        }
        catch (IOException ex) when (ex.GetType() == typeof(IOException))
        {
            return null;
        }
    }

    public void Dispose()
    {
        _file.Dispose();
        _writers?.Release();
    }

    private static async Task<FileStream> OpenAsync(string lockPath, bool exclusive, CancellationToken cancellationToken)
    {
        // On Unix, .NET takes flock(LOCK_EX) for FileShare.None and flock(LOCK_SH) for a read-only open that shares,
        // per open file, so the lock excludes other processes and other handles in this one alike, and the kernel
        // drops it when a crashed worker's file is closed: no stale lock to clean up.
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate,
                    exclusive ? FileAccess.ReadWrite : FileAccess.Read,
                    exclusive ? FileShare.None : FileShare.ReadWrite);
            }
            catch (IOException ex) when (ex.GetType() == typeof(IOException))
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
            }
        }
    }
}
