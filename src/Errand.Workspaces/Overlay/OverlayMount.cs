using System.Runtime.InteropServices;

namespace Errand.Workspaces.Overlay;

/// <summary>
/// Kernel overlay mounts through mount(2) and umount2(2) directly: a mount costs a system call, not a process.
/// </summary>
internal static partial class OverlayMount
{
    private const int MntDetach = 2;
    private const int EInval = 22;
    private const int ENoEnt = 2;

    /// <summary>
    /// Mounts an overlay at <paramref name="target"/>: <paramref name="lowers"/> top first, read-only; changes go to
    /// <paramref name="upper"/>. Throws <see cref="IOException"/> with the kernel's reason when refused.
    /// </summary>
    public static void Mount(IReadOnlyList<string> lowers, string upper, string work, string target)
    {
        foreach (var path in lowers.Append(upper).Append(work))
        {
            // ':' separates layers and ',' options; the data directory is Errand's, but a path must never be read as
            // two layers or an extra option.
            if (path.AsSpan().IndexOfAny(":,\\") >= 0)
            {
                throw new IOException($"cannot use {path} in an overlay mount: it contains ':', ',' or '\\'");
            }
        }

        var options = $"lowerdir={string.Join(':', lowers)},upperdir={upper},workdir={work}";
        if (NativeMount("overlay", target, "overlay", 0, options) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"mount -t overlay at {target} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
    }

    /// <summary>
    /// Detaches the mount at <paramref name="target"/>; returns false when nothing is mounted there. Lazy (MNT_DETACH):
    /// a process the sandbox left behind holding a file open cannot keep the workspace from going away.
    /// </summary>
    public static bool Unmount(string target)
    {
        if (NativeUnmount(target, MntDetach) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is EInval or ENoEnt
            ? false
            : throw new IOException($"umount {target} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    /// <summary>Mount points at or under <paramref name="directory"/>, deepest first, from this mount namespace's table.</summary>
    public static IReadOnlyList<string> MountsUnder(string directory)
    {
        var prefix = Path.TrimEndingDirectorySeparator(directory);
        var found = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // Field 5 is the mount point, with space, tab, newline and backslash written as octal escapes.
            var fields = line.Split(' ');
            if (fields.Length < 5)
            {
                continue;
            }

            var point = Unescape(fields[4]);
            if (point == prefix || point.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                found.Add(point);
            }
        }

        return [.. found.OrderByDescending(p => p.Length)];
    }

    public static bool IsMountPoint(string path) => MountsUnder(path).Contains(Path.TrimEndingDirectorySeparator(path));

    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeMount(string source, string target, string fileSystemType, nuint flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeUnmount(string target, int flags);
}
