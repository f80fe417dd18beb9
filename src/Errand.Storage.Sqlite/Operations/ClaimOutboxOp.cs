using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Claims due outbox rows for one dispatcher, hiding them from others until the visibility time passes.</summary>
internal sealed class ClaimOutboxOp(int max, TimeSpan visibility, CancellationToken cancellationToken)
    : WriteOp<IReadOnlyList<OutboxItem>>(cancellationToken)
{
    // Under the write lock: two dispatchers (threads or processes) never claim the same row while it is hidden.
    private const string Claim =
        "UPDATE outbox SET claimed_until = $until WHERE id IN (" +
        "SELECT id FROM outbox WHERE delivered_at IS NULL AND dead = 0 AND next_attempt_at <= $now " +
        "AND (claimed_until IS NULL OR claimed_until <= $now) ORDER BY next_attempt_at, id LIMIT $max + 0) " +
        "RETURNING id, task_id, key, channel, event, payload_json, attempts, created_at";

    private List<OutboxItem> _items = [];
    private long _generation;

    protected override IReadOnlyList<OutboxItem> Result => _items;

    public override void Execute(WriteContext context)
    {
        _generation = context.OutboxSignal.Generation;
        var now = context.Now();
        _items = [];
        using var rows = context.Command(Claim)
            .Set("$now", now)
            .Set("$until", now + UnixTime.ToMicros(visibility))
            .Set("$max", max)
            .ExecuteReader();
        while (rows.Read())
        {
            _items.Add(new OutboxItem(
                rows.GetInt64(0),
                rows.IsDBNull(1) ? null : rows.GetInt64(1),
                new OutboxMessage(rows.GetString(2), rows.GetString(3), rows.GetString(4), rows.GetString(5)),
                rows.GetInt32(6),
                UnixTime.FromMicros(rows.GetInt64(7))));
        }

        _items.Sort(static (a, b) => a.Id.CompareTo(b.Id));
    }

    public override void AfterCommit(WriteContext context)
    {
        if (_items.Count < max)
        {
            context.OutboxSignal.Drained(_generation);
        }
    }
}
