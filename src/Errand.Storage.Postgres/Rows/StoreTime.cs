namespace Errand.Storage.Postgres.Rows;

/// <summary>
/// The store's clock in the form PostgreSQL keeps it: UTC, whole microseconds. Every stored time comes from the
/// injected clock through here (never the server's <c>now()</c>), so what a write returns equals what a read finds.
/// </summary>
internal static class StoreTime
{
    public static DateTimeOffset Now(TimeProvider time) => Truncate(time.GetUtcNow());

    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }
}
