using Errand.Journal;

namespace Errand.Storage;

/// <summary>The append-only journal of every task.</summary>
public interface IJournalStore
{
    /// <summary>
    /// Appends events in order, atomically. With a lease, nothing is written unless the task's fence still
    /// matches, and the result is false. Without one (the submitter, an operator), the task must exist.
    /// </summary>
    Task<bool> AppendAsync(long taskId, LeaseToken? lease, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken);

    /// <summary>A task's events after <paramref name="afterSeq"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<JournalEvent>> ReadAsync(long taskId, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Raised each time this store instance commits journal events (any task). Take it before reading a journal, then
    /// pass it to <see cref="WaitForJournalAsync"/>.
    /// </summary>
    long JournalVersion { get; }

    /// <summary>
    /// Completes soon after this instance commits journal events past <paramref name="seenVersion"/>, or after
    /// <paramref name="maxWait"/> at the latest: the floor for events other processes write, which do not wake this one.
    /// </summary>
    Task WaitForJournalAsync(long seenVersion, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>A task's newest <paramref name="count"/> events, oldest of them first (what it did last; when it last did anything).</summary>
    Task<IReadOnlyList<JournalEvent>> ReadLatestAsync(long taskId, int count, CancellationToken cancellationToken);
}
