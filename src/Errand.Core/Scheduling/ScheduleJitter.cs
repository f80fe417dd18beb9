using System.Security.Cryptography;
using System.Text;

namespace Errand.Scheduling;

/// <summary>
/// The delay added to a tick to spread load: derived from the schedule's name and the tick's instant by a hash, never
/// from a random generator, so every scheduler process computes the same due time for the same tick.
/// </summary>
public static class ScheduleJitter
{
    /// <summary>A delay in [0, <paramref name="jitter"/>), whole milliseconds; zero when jitter is zero.</summary>
    public static TimeSpan For(string scheduleName, DateTimeOffset tick, TimeSpan jitter)
    {
        var range = (ulong)jitter.TotalMilliseconds;
        if (range == 0)
        {
            return TimeSpan.Zero;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{scheduleName}\n{tick.UtcTicks}"), hash);
        var value = BitConverter.ToUInt64(hash[..8]);
        return TimeSpan.FromMilliseconds(value % range);
    }
}
