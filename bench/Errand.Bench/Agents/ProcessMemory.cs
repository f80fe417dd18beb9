using System.Globalization;

namespace Errand.Bench.Agents;

/// <summary>This process's resident memory, threads and storage writes, as the kernel counts them (<c>/proc/self</c>).</summary>
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

    /// <summary>Bytes this process has caused to be written to storage so far (<c>write_bytes</c> of <c>/proc/self/io</c>).</summary>
    public static long StorageWriteBytes() =>
        File.ReadLines("/proc/self/io").Where(l => l.StartsWith("write_bytes:", StringComparison.Ordinal))
            .Select(l => long.Parse(l["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();

    private static double Kib(string line) =>
        double.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
}
