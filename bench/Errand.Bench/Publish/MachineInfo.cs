using System.Globalization;
using System.Runtime.InteropServices;

namespace Errand.Bench.Publish;

/// <summary>What the figures were taken on, read from /proc and /etc (Linux).</summary>
internal sealed record MachineInfo(int Cores, string Cpu, string Memory, string Os, string Kernel, string Dotnet)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        Field("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Field("/proc/meminfo", "MemTotal", ':') is { } kb && long.TryParse(kb.Split(' ')[0], CultureInfo.InvariantCulture, out var total)
            ? string.Create(CultureInfo.InvariantCulture, $"{total / 1024.0 / 1024.0:0.0} GiB")
            : "unknown",
        Field("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.ToString(),
        RuntimeInformation.FrameworkDescription);

    private static string? Field(string path, string name, char separator)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Select(line => line.Split(separator, 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == name)
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
    }
}
