using System.Globalization;

namespace Errand.Bench.Agents;

/// <summary>This process's resident memory and threads, as the kernel counts them (<c>/proc/self/status</c>).</summary>
internal static class ProcessMemory
{
    /// <summary>Resident set now (VmRSS), its peak so far (VmHWM), both in MiB, and the thread count.</summary>
    public static (double RssMiB, double PeakMiB, int Threads) Read()
    {
        double rss = 0, peak = 0;
        var threads = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line) / 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kib(line) / 1024;
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return (rss, peak, threads);
    }

    private static double Kib(string line) =>
        double.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
}
