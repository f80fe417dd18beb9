using Errand.Engine.Tasks;
using Errand.Journal;
using Errand.Secrets;
using Errand.Storage;

namespace Errand.Engine.Pipeline;

/// <summary>
/// A worker's pen for one task's journal. Events are buffered and written together — when 64 are waiting, every
/// 200 ms, before any effect outside the store (<see cref="FlushAsync"/>), and with the task's final state in one
/// transaction (<see cref="DrainAsync"/>) — so a task costs a handful of commits, not one per event. Every write
/// carries the lease: once another worker owns the task nothing more from this one lands, and the refusal stops
/// the task through <c>onLeaseLost</c> (or a <see cref="LeaseLostException"/> to an explicit flusher).
/// It is also the one door for the task's secrets: every event, whoever writes it, is redacted on its way in.
/// </summary>
internal sealed class TaskJournal : IAsyncDisposable
{
    private const int MaxBuffered = 64;
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(200);

    private readonly IJournalStore _store;
    private readonly LeaseToken _lease;
    private readonly Action _onLeaseLost;
    private readonly List<JournalEntry> _buffer = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _timer;
    private volatile SecretRedactor _redactor = SecretRedactor.Empty;
    private bool _lost;

    public TaskJournal(IJournalStore store, LeaseToken lease, TimeProvider time, Action onLeaseLost)
    {
        _store = store;
        _lease = lease;
        _onLeaseLost = onLeaseLost;
        _timer = time.CreateTimer(_ => _ = FlushInBackgroundAsync(), null, FlushEvery, FlushEvery);
    }

    /// <summary>The redactor every event passes through; empty until the task's secrets are known.</summary>
    public SecretRedactor Redactor => _redactor;

    /// <summary>
    /// Redacts these secrets from every event written from now on. Set as soon as the values are read and before
    /// anything that could print them runs, so no event can hold a value unredacted.
    /// </summary>
    public void RedactWith(SecretRedactor redactor) => _redactor = redactor;

    public Task WriteAsync(string kind, string message, string? dataJson = null, CancellationToken cancellationToken = default) =>
        AddAsync(new JournalEntry(kind, message, dataJson), cancellationToken);

    public Task OutputAsync(string stream, string text, CancellationToken cancellationToken) =>
        AddAsync(new JournalEntry(JournalKinds.Output, text, stream == "stderr" ? """{"stream":"stderr"}""" : null), cancellationToken);

    /// <summary>Writes everything buffered now; throws <see cref="LeaseLostException"/> when the lease is gone.</summary>
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

    public async ValueTask DisposeAsync()
    {
        // No flush may be under way once the caller moves on; the semaphore itself needs no disposal.
        await _timer.DisposeAsync();
        await _gate.WaitAsync();
        _gate.Release();
    }

    private async Task AddAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        // SECRETS: the one choke point. Output lines, check results, tool calls, egress decisions and errors all
        // come through here, so no caller has to remember to redact, and none can forget.
        var redactor = _redactor;
        if (!redactor.IsEmpty)
        {
            entry = entry with
            {
                Message = redactor.Redact(entry.Message),
                DataJson = entry.DataJson is null ? null : redactor.RedactJson(entry.DataJson),
            };
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_lost)
            {
                throw new LeaseLostException(_lease);
            }

            _buffer.Add(entry);
            if (_buffer.Count >= MaxBuffered)
            {
                await FlushLockedAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FlushInBackgroundAsync()
    {
        if (!_gate.Wait(0))
        {
            return; // a flush or a write is under way; the next tick catches up
        }

        try
        {
            await FlushLockedAsync(CancellationToken.None);
        }
        catch (LeaseLostException)
        {
            _onLeaseLost();
        }
        catch (Exception)
        {
            // The store is briefly unreachable: the events stay buffered for the next flush. The lease keeper
            // stops the task if this lasts past the lease.
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FlushLockedAsync(CancellationToken cancellationToken)
    {
        if (_lost)
        {
            throw new LeaseLostException(_lease);
        }

        if (_buffer.Count == 0)
        {
            return;
        }

        var entries = _buffer.ToArray();
        // The fence check inside AppendAsync is what keeps a stale worker's events out of the new owner's journal.
        if (!await _store.AppendAsync(_lease.TaskId, _lease, entries, cancellationToken))
        {
            _lost = true;
            throw new LeaseLostException(_lease);
        }

        _buffer.RemoveRange(0, entries.Length);
    }
}
