using Errand.Workspaces.Git;

namespace Errand.Workspaces.Overlay;

/// <summary>
/// A cached layer in use. Holding it holds a shared lock on the layer, which is what keeps garbage collection (in
/// this process or any other) from removing a layer an overlay mount still reads.
/// </summary>
internal sealed class LayerLease(string directory, bool built, MirrorLock held) : IDisposable
{
    /// <summary>The layer's directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>True when this caller built it; false when it was there already (or another worker built it meanwhile).</summary>
    public bool Built { get; } = built;

    public void Dispose() => held.Dispose();
}
