using Errand.Workspaces.Git;

namespace Errand.Workspaces.Overlay;

/// <summary>
/// What a live overlay workspace holds: its owner lock (free once the worker dies, which is how a later start knows
/// the mount is a leftover) and its layers (shared, so garbage collection leaves them alone).
/// </summary>
internal sealed class AttemptHold(MirrorLock owner, LayerLease checkout, LayerLease? environment) : IDisposable
{
    public void Dispose()
    {
        environment?.Dispose();
        checkout.Dispose();
        owner.Dispose();
    }
}
