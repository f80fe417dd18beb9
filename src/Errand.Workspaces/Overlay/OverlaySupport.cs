namespace Errand.Workspaces.Overlay;

/// <summary>Finds out once whether this process may make overlay mounts, by making one.</summary>
internal static class OverlaySupport
{
    /// <summary>Null when overlay mounts work under <paramref name="scratch"/>; otherwise why not.</summary>
    public static string? Probe(string scratch)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "overlay mounts are Linux-only";
        }

        if (!IsRoot())
        {
            return "not running as root (mount(2) needs CAP_SYS_ADMIN)";
        }

        var dir = Directory.CreateDirectory(Path.Combine(scratch, ".overlay-probe-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            string[] parts = ["lower", "upper", "work", "merged"];
            foreach (var part in parts)
            {
                Directory.CreateDirectory(Path.Combine(dir, part));
            }

            File.WriteAllText(Path.Combine(dir, "lower", "probe"), "x");
            var merged = Path.Combine(dir, "merged");
            OverlayMount.Mount([Path.Combine(dir, "lower")], Path.Combine(dir, "upper"), Path.Combine(dir, "work"), merged);
            try
            {
                File.WriteAllText(Path.Combine(merged, "probe"), "y");
                return File.ReadAllText(Path.Combine(dir, "lower", "probe")) == "x" ? null : "the overlay wrote through to its lower layer";
            }
            finally
            {
                OverlayMount.Unmount(merged);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return ex.Message;
        }
        finally
        {
            MountedTree.Delete(dir);
        }
    }

    private static bool IsRoot()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                return line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2] == "0";
            }
        }

        return false;
    }
}
