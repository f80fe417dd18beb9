using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Makes one undelivered row, or every failed one, due now; attempts and the last error are kept.</summary>
internal sealed class RetryOutboxOp(long? id, CancellationToken cancellationToken) : WriteOp<int>(cancellationToken)
{
    // claimed_until is left alone: a row in flight stays hidden until its dispatcher marks it or its claim expires.
    private const string One =
        "UPDATE outbox SET dead = 0, next_attempt_at = $now WHERE id = $id AND delivered_at IS NULL";

    private const string Failed =
        "UPDATE outbox SET dead = 0, next_attempt_at = $now WHERE delivered_at IS NULL AND (dead = 1 OR last_error IS NOT NULL)";

    private int _count;

    protected override int Result => _count;

    public override void Execute(WriteContext context)
    {
        var command = id is { } one ? context.Command(One).Set("$id", one) : context.Command(Failed);
        _count = command.Set("$now", context.Now()).ExecuteNonQuery();
    }

    public override void AfterCommit(WriteContext context)
    {
        if (_count > 0)
        {
            context.OutboxSignal.Raise();
        }
    }
}
