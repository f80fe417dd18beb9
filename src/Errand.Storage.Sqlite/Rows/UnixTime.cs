namespace Errand.Storage.Sqlite.Rows;

/// <summary>Times are stored as INTEGER microseconds since the Unix epoch, UTC: sortable, compact, exact.</summary>
internal static class UnixTime
{
    public static long ToMicros(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromMicros(long micros) =>
        DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);

    public static long ToMicros(TimeSpan duration) => duration.Ticks / TimeSpan.TicksPerMicrosecond;
}
