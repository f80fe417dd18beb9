using Errand.Storage.Sqlite.Operations;
using Errand.Storage.Sqlite.Rows;
using Errand.Tasks;

namespace Errand.Storage.Sqlite;

/// <summary>Leases: heartbeats, hand-backs and the reaper.</summary>
public sealed partial class SqliteStore
{
    // The partial index on running leases answers this from its first entry.
    private const string NextLeaseExpiry = "SELECT min(lease_expires_at) FROM tasks WHERE state = 'running'";

    /// <inheritdoc/>
    public Task<LeaseRenewal> RenewAsync(LeaseToken lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return _writer.SubmitAsync(new RenewOp(lease, duration, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<bool> ReleaseAsync(LeaseToken lease, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(reason);
        return _writer.SubmitAsync(new ReleaseOp(lease, reason, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReclaimedTask>> ReclaimExpiredAsync(CancellationToken cancellationToken) =>
        ReclaimExpiredAsync(static _ => [], cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReclaimedTask>> ReclaimExpiredAsync(Func<TaskRecord, IReadOnlyList<OutboxMessage>> notifyFailed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifyFailed);
        return _writer.SubmitAsync(new ReclaimExpiredOp(notifyFailed, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<DateTimeOffset?> NextLeaseExpiryAsync(CancellationToken cancellationToken) =>
        ReadAsync(reader => reader.Get(NextLeaseExpiry).ScalarInt64() is { } micros ? UnixTime.FromMicros(micros) : (DateTimeOffset?)null, cancellationToken);
}
