using Errand.Workspaces.Git;

namespace Errand.Workspaces.Overlay;

/// <summary>Removes a directory that may hold overlay mounts.</summary>
internal static class MountedTree
{
    /// <summary>
    /// Unmounts everything at or under <paramref name="path"/> first. A recursive delete must never walk into a
    /// mount: through an overlay it would only write whiteouts, but through anything else bound there it would
    /// delete what is not ours.
    /// </summary>
    public static void Delete(string path)
    {
        foreach (var mount in OverlayMount.MountsUnder(path))
        {
            OverlayMount.Unmount(mount);
        }

        DirectoryRemover.Delete(path);
    }
}
