using Errand.Storage.Sqlite.Operations;

namespace Errand.Storage.Sqlite;

/// <summary>The notification outbox.</summary>
public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(visibility, TimeSpan.Zero);
        return _writer.SubmitAsync(new ClaimOutboxOp(max, visibility, cancellationToken));
    }

    /// <inheritdoc/>
    public Task MarkDeliveredAsync(long id, CancellationToken cancellationToken) =>
        _writer.SubmitAsync(new MarkOutboxOp(id, delivered: true, error: null, retryAt: null, cancellationToken));

    /// <inheritdoc/>
    public Task MarkFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return _writer.SubmitAsync(new MarkOutboxOp(id, delivered: false, error, retryAt, cancellationToken));
    }
}
