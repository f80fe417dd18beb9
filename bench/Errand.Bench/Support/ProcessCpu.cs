using System.Globalization;

namespace Errand.Bench.Support;

/// <summary>CPU time a process has used, from /proc/PID/stat (Linux): user + system, in milliseconds.</summary>
internal static class ProcessCpu
{
    // Clock ticks per second for /proc times: 100 on Linux (USER_HZ).
    private const double MsPerTick = 10.0;

    /// <summary>
    /// utime + stime of <paramref name="pid"/>; with <paramref name="reapedChildren"/>, also the children it has waited
    /// for (cutime + cstime), so work of processes that exited during an interval is not lost. 0 when it is gone.
    /// </summary>
    public static double Ms(int pid, bool reapedChildren = false)
    {
        var fields = Fields(pid);
        if (fields is null)
        {
            return 0;
        }

        // After the ")" that ends the command name: field 3 (state) is index 0, so utime (14) is 11 ... cstime (17) is 14.
        var ticks = Tick(fields, 11) + Tick(fields, 12) + (reapedChildren ? Tick(fields, 13) + Tick(fields, 14) : 0);
        return ticks * MsPerTick;
    }

    /// <summary>
    /// cutime + cstime of <paramref name="pid"/>: the CPU of the children it has waited for (and theirs). Sampled before
    /// and after one child's whole life, the difference is that child's CPU, from exec to exit.
    /// </summary>
    public static double ReapedChildrenMs(int pid) => Fields(pid) is { } fields ? (Tick(fields, 13) + Tick(fields, 14)) * MsPerTick : 0;

    /// <summary>The parent of <paramref name="pid"/>, or null when it is gone.</summary>
    public static int? Parent(int pid) => Fields(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    /// <summary>Every live process whose parent is <paramref name="pid"/>.</summary>
    public static IEnumerable<int> Children(int pid)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var child) && Parent(child) == pid)
            {
                yield return child;
            }
        }
    }

    private static long Tick(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);

    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
