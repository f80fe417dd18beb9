using Errand.Storage.Sqlite.Operations;
using Errand.Storage.Sqlite.Rows;

namespace Errand.Storage.Sqlite;

/// <summary>Durable timers.</summary>
public sealed partial class SqliteStore
{
    // `+state` keeps the planner off the state index: through it, every parked task would be read on every timer pass,
    // so tasks waiting for an answer would cost CPU in proportion to their number. Through the wake-time index the
    // pass reads only the timers that are set, from the earliest.
    private const string SelectNextWake =
        $"SELECT MIN(wake_at) FROM tasks WHERE wake_at IS NOT NULL AND +state IN {WakeDueOp.Parked}";

    /// <inheritdoc/>
    public Task<DateTimeOffset?> NextWakeAsync(CancellationToken cancellationToken) =>
        ReadAsync(reader => reader.Get(SelectNextWake).ScalarInt64() is { } next ? UnixTime.FromMicros(next) : (DateTimeOffset?)null,
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<long>> WakeDueAsync(CancellationToken cancellationToken) =>
        _writer.SubmitAsync(new WakeDueOp(cancellationToken));
}
