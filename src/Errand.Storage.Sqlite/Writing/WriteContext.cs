using Errand.Storage.Sqlite.Connections;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Signals;

namespace Errand.Storage.Sqlite.Writing;

/// <summary>What a write operation sees while it runs inside the writer's transaction.</summary>
internal sealed class WriteContext(StatementCache statements, TimeProvider time, WorkSignal signal, WorkSignal outboxSignal)
{
    public WorkSignal Signal { get; } = signal;

    /// <summary>Raised after every committed batch: wakes this process's journal readers.</summary>
    public ChangeSignal Committed { get; } = new();

    /// <summary>Raised when outbox rows become due in this process; wakes its notification dispatchers.</summary>
    public WorkSignal OutboxSignal { get; } = outboxSignal;

    /// <summary>
    /// The journal rows of the running operation. The writer inserts them right after the operation's
    /// <see cref="WriteOp.Execute"/> returns and inside the same savepoint, so they commit or roll back with it.
    /// </summary>
    public JournalBuffer Journal { get; } = new();

    /// <summary>
    /// True once a claim here found concurrency limits set: then a task leaving running frees a slot that workers waiting
    /// at the limit must hear of, so those ends raise <see cref="Signal"/> too.
    /// </summary>
    public bool LimitsActive { get; set; }

    /// <summary>The store's clock, in stored form (microseconds since the Unix epoch).</summary>
    public long Now() => UnixTime.ToMicros(time.GetUtcNow());

    /// <summary>A prepared statement on the writer connection.</summary>
    public Statement Command(string sql) => statements.Get(sql);

    /// <summary>Writes the running operation's journal rows.</summary>
    public void FlushJournal() => Journal.Flush(statements);
}
