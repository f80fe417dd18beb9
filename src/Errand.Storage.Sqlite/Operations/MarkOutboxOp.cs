using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Records a delivery attempt's outcome: delivered, due again at a time, or dead.</summary>
internal sealed class MarkOutboxOp(long id, bool delivered, string? error, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    : WriteOp<bool>(cancellationToken)
{
    private const string Delivered =
        "UPDATE outbox SET delivered_at = $now, claimed_until = NULL, attempts = attempts + 1 " +
        "WHERE id = $id AND delivered_at IS NULL";

    private const string Failed =
        "UPDATE outbox SET attempts = attempts + 1, last_error = $error, claimed_until = NULL, " +
        "next_attempt_at = COALESCE($retry, next_attempt_at), dead = CASE WHEN $retry IS NULL THEN 1 ELSE 0 END " +
        "WHERE id = $id AND delivered_at IS NULL";

    private bool _changed;

    protected override bool Result => _changed;

    public override void Execute(WriteContext context)
    {
        var command = delivered
            ? context.Command(Delivered).Set("$now", context.Now())
            : context.Command(Failed).Set("$error", error).Set("$retry", retryAt is { } at ? UnixTime.ToMicros(at) : null);
        _changed = command.Set("$id", id).ExecuteNonQuery() > 0;
    }
}
