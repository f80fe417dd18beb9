namespace Errand.Workspaces.Git;

/// <summary>This process's side of one mirror: who may write it, and when it was last fetched.</summary>
internal sealed class MirrorGate
{
    /// <summary>
    /// Queues this process's writers without polling; the lock file then orders them against other processes.
    /// </summary>
    public SemaphoreSlim Writers { get; } = new(1, 1);

    /// <summary>
    /// When the last successful fetch started (a <see cref="System.Diagnostics.Stopwatch"/> timestamp). Read and
    /// written only while holding <see cref="Writers"/>.
    /// </summary>
    public long LastFetchStartedAt { get; set; } = long.MinValue;
}
