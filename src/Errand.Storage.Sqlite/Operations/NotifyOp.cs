using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Journal events and outbox rows written together outside a state change, fenced when a lease is given.</summary>
internal sealed class NotifyOp(
    long taskId,
    LeaseToken? lease,
    IReadOnlyList<JournalEntry> events,
    IReadOnlyList<OutboxMessage> messages,
    CancellationToken cancellationToken)
    : WriteOp<bool>(cancellationToken)
{
    private bool _written;
    private bool _newRows;

    protected override bool Result => _written;

    public override void Execute(WriteContext context)
    {
        // FENCING: a stale owner's warning is refused as a whole: neither its events nor its notifications are written.
        var attempt = Fences.AttemptFor(context, taskId, lease);
        _written = attempt is not null;
        _newRows = false;
        if (_written)
        {
            var now = context.Now();
            JournalRows.Append(context, taskId, now, attempt!.Value, events);
            _newRows = OutboxRows.Write(context, taskId, now, messages);
        }
    }

    public override void AfterCommit(WriteContext context)
    {
        if (_newRows)
        {
            context.OutboxSignal.Raise();
        }
    }
}
