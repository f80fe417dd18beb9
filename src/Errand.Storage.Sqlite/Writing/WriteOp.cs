namespace Errand.Storage.Sqlite.Writing;

/// <summary>
/// One caller's write, run by the <see cref="GroupCommitWriter"/> inside a shared transaction and its own
/// savepoint. <see cref="Execute"/> may run more than once (the whole batch is retried when another process holds
/// the lock), so it keeps its outcome in fields it overwrites, and does nothing outside the database: effects on
/// this process (signals, the caller's task) happen in <see cref="AfterCommit"/> and <see cref="Finish"/>.
/// </summary>
internal abstract class WriteOp(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Set when <see cref="Execute"/> threw; its savepoint was rolled back, so it wrote nothing.</summary>
    public Exception? Error { get; set; }

    /// <summary>Runs the operation's statements; returns normally for a conditional miss (having written nothing).</summary>
    public abstract void Execute(WriteContext context);

    /// <summary>Runs once the batch is durable, before the caller is told.</summary>
    public virtual void AfterCommit(WriteContext context)
    {
    }

    /// <summary>Completes the caller's task with the outcome, or <see cref="Error"/>.</summary>
    public abstract void Finish();

    /// <summary>Fails the caller: the batch did not commit.</summary>
    public abstract void Fail(Exception error);

    /// <summary>The caller gave up before the operation ran; nothing was written.</summary>
    public abstract void Cancel();
}
