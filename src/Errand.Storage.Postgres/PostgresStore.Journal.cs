using Errand.Journal;
using Errand.Storage.Postgres.Connections;
using Errand.Storage.Postgres.Rows;

namespace Errand.Storage.Postgres;

/// <summary>The journal.</summary>
public sealed partial class PostgresStore
{
    // FENCING: with a lease ($2, $3), the events are written only while it still holds, checked under the task's
    // row lock, which no claim, release, reclaim or transition can get past until this commits. The same lock
    // orders every writer of one task's journal, so its seq order is its commit order.
    private const string Append =
        "WITH t AS (SELECT id, attempt FROM tasks WHERE id = $1 " +
        "AND ($2::bigint IS NULL OR (fence = $2 AND lease_owner = $3 AND state = 'running')) FOR NO KEY UPDATE), " +
        "ins AS (INSERT INTO journal (task_id, at, attempt, kind, message, data_json) " +
        $"SELECT t.id, $4, t.attempt, e.kind, e.message, e.data_json FROM t, {JournalRows.Unnest5} ORDER BY e.n) " +
        "SELECT count(*) FROM t";

    /// <inheritdoc/>
    /// <remarks>Without a lease, appending to a task that does not exist writes nothing and returns false.</remarks>
    public Task<bool> AppendAsync(long taskId, LeaseToken? lease, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (lease is not null && lease.TaskId != taskId)
        {
            throw new ArgumentException("The lease belongs to another task.", nameof(lease));
        }

        // Not repeated after a lost answer: the events would be written twice.
        var append = new PipelinedWrite<bool>
        {
            Commands = () =>
            {
                var command = BatchCommand(Append, taskId, Parameters.BigInt(lease?.Fence), Parameters.Text(lease?.WorkerId), Now());
                JournalRows.Bind(command.Parameters, entries);
                return [command];
            },
            ReadAsync = async (row, token) => await row.ReadAsync(token) && row.GetInt64(0) > 0,
        };
        return Journaled(GroupedAsync(append, repeatable: false, lockKey: taskId, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<JournalEvent>> ReadAsync(long taskId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<JournalEvent>>([]);
        }

        return RetryingAsync<IReadOnlyList<JournalEvent>>(async (connection, token) =>
        {
            await using var command = Command(connection, JournalRows.SelectAfter, taskId, afterSeq, limit);
            var events = new List<JournalEvent>(Math.Min(limit, 1024));
            await using var rows = await command.ExecuteReaderAsync(token);
            while (await rows.ReadAsync(token))
            {
                events.Add(JournalRows.Read(rows));
            }

            return events;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<JournalEvent>> ReadLatestAsync(long taskId, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return Task.FromResult<IReadOnlyList<JournalEvent>>([]);
        }

        return RetryingAsync<IReadOnlyList<JournalEvent>>(async (connection, token) =>
        {
            await using var command = Command(connection, JournalRows.SelectLatest, taskId, count);
            var events = new List<JournalEvent>(Math.Min(count, 1024));
            await using var rows = await command.ExecuteReaderAsync(token);
            while (await rows.ReadAsync(token))
            {
                events.Add(JournalRows.Read(rows));
            }

            events.Reverse();
            return events;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public long JournalVersion => _journal.Version;

    /// <inheritdoc/>
    public Task WaitForJournalAsync(long seenVersion, TimeSpan maxWait, CancellationToken cancellationToken) =>
        _journal.WaitAsync(seenVersion, maxWait, _time, cancellationToken);
}
