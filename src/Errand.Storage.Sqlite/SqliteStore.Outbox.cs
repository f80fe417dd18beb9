using Errand.Journal;
using Errand.Storage.Sqlite.Operations;
using Errand.Storage.Sqlite.Rows;

namespace Errand.Storage.Sqlite;

/// <summary>The notification outbox.</summary>
public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<bool> NotifyAsync(
        long taskId,
        LeaseToken? lease,
        IReadOnlyList<JournalEntry> events,
        IReadOnlyList<OutboxMessage> messages,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(messages);
        if (lease is not null && lease.TaskId != taskId)
        {
            throw new ArgumentException($"The lease is for task {lease.TaskId}, not {taskId}.", nameof(lease));
        }

        return _writer.SubmitAsync(new NotifyOp(taskId, lease, events, messages, cancellationToken));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(int max, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(visibility, TimeSpan.Zero);
        var generation = _outboxSignal.Generation;
        try
        {
            return await _writer.SubmitAsync(new ClaimOutboxOp(max, visibility, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // As for task claims: a failing claim counts as having looked, so its dispatcher waits instead of spinning.
            _outboxSignal.Drained(generation);
            throw;
        }
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

    /// <inheritdoc/>
    public Task<IReadOnlyList<OutboxRecord>> ListOutboxAsync(OutboxQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var conditions = new List<string>();
        if (query.States.Count > 0)
        {
            conditions.Add("(" + string.Join(" OR ", query.States.Distinct().Order().Select(OutboxRows.Condition)) + ")");
        }

        if (query.TaskId is not null)
        {
            conditions.Add("task_id = $task");
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        var sql = $"SELECT {OutboxRows.Columns} FROM outbox{where} ORDER BY id DESC LIMIT $limit + 0";
        return ReadAsync<IReadOnlyList<OutboxRecord>>(reader =>
        {
            var command = reader.Get(sql).Set("$limit", Math.Max(0, query.Limit));
            if (query.TaskId is { } task)
            {
                command.Set("$task", task);
            }

            var records = new List<OutboxRecord>();
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                records.Add(OutboxRows.Read(rows));
            }

            return records;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> RetryOutboxAsync(long id, CancellationToken cancellationToken) =>
        await _writer.SubmitAsync(new RetryOutboxOp(id, cancellationToken)) > 0;

    /// <inheritdoc/>
    public Task<int> RetryFailedOutboxAsync(CancellationToken cancellationToken) =>
        _writer.SubmitAsync(new RetryOutboxOp(null, cancellationToken));

    /// <inheritdoc/>
    public Task WaitForOutboxAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        WaitForSignalAsync(_outboxSignal, maxWait, cancellationToken);
}
