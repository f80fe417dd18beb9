namespace Errand.Workspaces.Tests.Support;

/// <summary>A directory under the system temp directory, removed with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("errand-ws-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        // Overlay workspaces a test did not clean up are still mounted; deleting through a mount never removes it.
        foreach (var mount in Errand.Workspaces.Overlay.OverlayMount.MountsUnder(Path))
        {
            Errand.Workspaces.Overlay.OverlayMount.Unmount(mount);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A detached git gc may still be writing in a mirror; the temp directory is the system's to reap then.
        }
    }
}
