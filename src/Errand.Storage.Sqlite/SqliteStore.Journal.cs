using Errand.Journal;
using Errand.Storage.Sqlite.Operations;
using Errand.Storage.Sqlite.Rows;

namespace Errand.Storage.Sqlite;

/// <summary>The journal.</summary>
public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    /// <remarks>Without a lease, appending to a task that does not exist writes nothing and returns false.</remarks>
    public Task<bool> AppendAsync(long taskId, LeaseToken? lease, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (lease is not null && lease.TaskId != taskId)
        {
            throw new ArgumentException("The lease belongs to another task.", nameof(lease));
        }

        return _writer.SubmitAsync(new AppendOp(taskId, lease, entries, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<JournalEvent>> ReadAsync(long taskId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JournalEvent>>(reader =>
        {
            var events = new List<JournalEvent>(Math.Clamp(limit, 0, 1024));
            if (limit <= 0)
            {
                return events;
            }

            using var rows = reader.Get(JournalRows.SelectAfter)
                .Set("$task", taskId)
                .Set("$after", afterSeq)
                .Set("$limit", limit)
                .ExecuteReader();
            while (rows.Read())
            {
                events.Add(JournalRows.Read(rows));
            }

            return events;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<JournalEvent>> ReadLatestAsync(long taskId, int count, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JournalEvent>>(reader =>
        {
            var events = new List<JournalEvent>(Math.Clamp(count, 0, 1024));
            if (count <= 0)
            {
                return events;
            }

            using var rows = reader.Get(JournalRows.SelectLatest).Set("$task", taskId).Set("$limit", count).ExecuteReader();
            while (rows.Read())
            {
                events.Add(JournalRows.Read(rows));
            }

            events.Reverse();
            return events;
        }, cancellationToken);

    /// <inheritdoc/>
    public long JournalVersion => _committed.Version;

    /// <inheritdoc/>
    public Task WaitForJournalAsync(long seenVersion, TimeSpan maxWait, CancellationToken cancellationToken) =>
        _committed.WaitAsync(seenVersion, maxWait, _options.TimeProvider, cancellationToken);
}
