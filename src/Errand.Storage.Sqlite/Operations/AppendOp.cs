using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Appends events to a task's journal, fenced when a lease is given.</summary>
internal sealed class AppendOp(long taskId, LeaseToken? lease, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    : WriteOp<bool>(cancellationToken)
{
    private bool _appended;

    protected override bool Result => _appended;

    public override void Execute(WriteContext context)
    {
        // FENCING: with a lease, a stale owner's events are refused as a whole; none of them is written.
        var attempt = Fences.AttemptFor(context, taskId, lease);
        _appended = attempt is not null;
        if (_appended)
        {
            JournalRows.Append(context, taskId, context.Now(), attempt!.Value, entries);
        }
    }
}
