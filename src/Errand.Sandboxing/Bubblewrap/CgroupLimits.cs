using System.Globalization;

namespace Errand.Sandboxing.Bubblewrap;

/// <summary>
/// Process and memory limits through cgroups, one group per sandboxed command: cgroup v2 where the machine has it
/// with the pids and memory controllers delegated, else the v1 pids and memory hierarchies. The command is put in
/// its group before it starts anything, so every descendant is counted; when it ends, whatever is left in the group
/// is killed and the group removed.
/// </summary>
internal sealed class CgroupLimits : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private readonly List<string> _groups;

    private CgroupLimits(List<string> groups) => _groups = groups;

    /// <summary>The files the command's shell writes its pid to, in order.</summary>
    public IReadOnlyList<string> ProcsFiles => [.. _groups.Select(g => Path.Combine(g, "cgroup.procs"))];

    /// <summary>Why limits cannot be applied on this machine, or null when they can.</summary>
    public static string? Unavailable()
    {
        if (IsV2())
        {
            var controllers = File.ReadAllText(Path.Combine(Root, "cgroup.subtree_control"));
            return controllers.Contains("pids", StringComparison.Ordinal) && controllers.Contains("memory", StringComparison.Ordinal)
                ? null
                : "cgroup v2 is mounted but the pids and memory controllers are not enabled for child groups";
        }

        foreach (var hierarchy in new[] { "pids", "memory" })
        {
            var dir = Path.Combine(Root, hierarchy);
            if (!Directory.Exists(dir) || !IsWritable(dir))
            {
                return $"the cgroup v1 '{hierarchy}' hierarchy is not mounted or not writable by this worker";
            }
        }

        return null;
    }

    /// <summary>Creates the groups and writes the limits; throws <see cref="SandboxUnavailableException"/> when it cannot.</summary>
    public static CgroupLimits Create(int? processes, long? memoryBytes)
    {
        var name = "errand-" + Guid.NewGuid().ToString("N")[..16];
        var groups = new List<string>();
        try
        {
            if (IsV2())
            {
                var group = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
                groups.Add(group);
                Write(group, "pids.max", processes);
                Write(group, "memory.max", memoryBytes);
                if (memoryBytes is not null && File.Exists(Path.Combine(group, "memory.swap.max")))
                {
                    Write(group, "memory.swap.max", 0L);
                }
            }
            else
            {
                var pids = Directory.CreateDirectory(Path.Combine(Root, "pids", name)).FullName;
                groups.Add(pids);
                Write(pids, "pids.max", processes);
                var memory = Directory.CreateDirectory(Path.Combine(Root, "memory", name)).FullName;
                groups.Add(memory);
                Write(memory, "memory.limit_in_bytes", memoryBytes);
                if (memoryBytes is not null && File.Exists(Path.Combine(memory, "memory.memsw.limit_in_bytes")))
                {
                    // Without this the limit is memory plus all of swap.
                    Write(memory, "memory.memsw.limit_in_bytes", memoryBytes);
                }
            }

            return new CgroupLimits(groups);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            new CgroupLimits(groups).Dispose();
            throw new SandboxUnavailableException($"cannot set process and memory limits: {ex.Message}");
        }
    }

    /// <summary>Kills whatever is still in the groups and removes them.</summary>
    public void Dispose()
    {
        foreach (var group in Enumerable.Reverse(_groups))
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                try
                {
                    foreach (var pid in File.ReadAllLines(Path.Combine(group, "cgroup.procs")))
                    {
                        KillQuietly(int.Parse(pid, CultureInfo.InvariantCulture));
                    }

                    Directory.Delete(group);
                    break;
                }
                catch (IOException)
                {
                    Thread.Sleep(10); // processes just killed are still leaving the group
                }
            }
        }
    }

    private static bool IsV2() => File.Exists(Path.Combine(Root, "cgroup.controllers"));

    private static bool IsWritable(string dir)
    {
        var probe = Path.Combine(dir, "errand-probe-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Write(string group, string file, long? value)
    {
        if (value is { } v)
        {
            File.WriteAllText(Path.Combine(group, file), v.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }
}
