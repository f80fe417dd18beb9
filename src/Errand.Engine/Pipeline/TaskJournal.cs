using Errand.Engine.Tasks;
using Errand.Journal;
using Errand.Storage;

namespace Errand.Engine.Pipeline;

/// <summary>
/// A worker's pen for one task's journal. Every write carries the lease, so once another worker owns the task
/// nothing more from this one lands; the first refused write throws <see cref="LeaseLostException"/>. Output
/// lines are batched (a busy command does not cost a commit per line); everything else is written at once,
/// after any buffered output, so the journal keeps the order things happened in.
/// </summary>
internal sealed class TaskJournal(IJournalStore store, LeaseToken lease, TimeProvider time) : IAsyncDisposable
{
    private const int MaxBufferedLines = 64;
    private static readonly TimeSpan MaxBufferAge = TimeSpan.FromMilliseconds(200);

    private readonly List<JournalEntry> _buffer = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _bufferStarted;

    public LeaseToken Lease => lease;

    public Task WriteAsync(string kind, string message, string? dataJson = null, CancellationToken cancellationToken = default) =>
        WriteAsync([new JournalEntry(kind, message, dataJson)], cancellationToken);

    public async Task WriteAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _buffer.AddRange(entries);
            await FlushLockedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task OutputAsync(string stream, string text, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_buffer.Count == 0)
            {
                _bufferStarted = time.GetTimestamp();
            }

            _buffer.Add(new JournalEntry(JournalKinds.Output, text, stream == "stderr" ? """{"stream":"stderr"}""" : null));
            if (_buffer.Count >= MaxBufferedLines || time.GetElapsedTime(_bufferStarted) >= MaxBufferAge)
            {
                await FlushLockedAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await FlushLockedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes what is buffered, for a caller that writes it in the same transaction as a state change.</summary>
    public async Task<IReadOnlyList<JournalEntry>> DrainAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var drained = _buffer.ToArray();
            _buffer.Clear();
            return drained;
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task FlushLockedAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
        {
            return;
        }

        var entries = _buffer.ToArray();
        _buffer.Clear();
        // The fence check inside AppendAsync is what keeps a stale worker's lines out of the new owner's journal.
        if (!await store.AppendAsync(lease.TaskId, lease, entries, cancellationToken))
        {
            throw new LeaseLostException(lease);
        }
    }
}
