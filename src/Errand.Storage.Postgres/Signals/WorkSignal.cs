namespace Errand.Storage.Postgres.Signals;

/// <summary>
/// Wakes this process's waiters when work may have arrived — committed here, or notified by any process — and
/// never loses a wake-up, yet does not wake for work a claim has already looked at.
/// </summary>
/// <remarks>
/// Each wake-up names the transaction that committed the work (its xid). A claim reads a snapshot before it
/// looks at the queue; when it comes back short, every transaction that snapshot sees has been looked at, so
/// those wake-ups are settled, now and when their notification arrives later. Whatever is not settled keeps
/// waiters awake. Notifications are delivered only after their transaction commits, so work a claim's snapshot
/// missed is always signalled afresh. A wake-up without an xid (the listening connection came back, too many
/// pending) is settled by the next short claim that began after it. At worst a waiter wakes for nothing; it
/// never sleeps on work it was told about.
/// </remarks>
internal sealed class WorkSignal
{
    // Past this many unsettled wake-ups, they are folded into one without an xid.
    private const int MaxPending = 1024;

    private readonly Lock _lock = new();
    // Xid: a commit's transaction id (settled once a snapshot sees it); Horizon: every commit below it (settled
    // once a snapshot has none of them running); neither: unknown (settled by the next short claim begun after it).
    private readonly List<(ulong? Xid, ulong? Horizon, long Stamp)> _pending = [];
    private TaskCompletionSource _next = NewSource();
    private XidSnapshot? _seenEmpty;
    private long _stamp;

    /// <summary>Read before a claim looks at the queue; handed back to <see cref="SeenEmpty"/> or <see cref="Failed"/>.</summary>
    public long Stamp
    {
        get
        {
            lock (_lock)
            {
                return _stamp;
            }
        }
    }

    /// <summary>Work committed by transaction <paramref name="xid"/> (null: unknown work) may be waiting.</summary>
    public void Raise(ulong? xid) => Add(xid, null);

    /// <summary>Work committed by transactions below <paramref name="horizon"/> (another process's) may be waiting.</summary>
    public void RaiseBelow(ulong horizon) => Add(null, horizon);

    private void Add(ulong? xid, ulong? horizon)
    {
        TaskCompletionSource woken;
        lock (_lock)
        {
            if (xid is { } x && (_seenEmpty?.Sees(x) == true || _pending.Exists(p => p.Xid == x)))
            {
                return;
            }

            if (horizon is { } h && (_seenEmpty?.Settles(h) == true || _pending.Exists(p => p.Horizon >= h)))
            {
                return;
            }

            _stamp++;
            if (_pending.Count >= MaxPending)
            {
                _pending.Clear();
                (xid, horizon) = (null, null);
            }

            _pending.Add((xid, horizon, _stamp));
            woken = _next;
            _next = NewSource();
        }

        woken.TrySetResult();
    }

    /// <summary>A claim that began at <paramref name="stamp"/> with <paramref name="snapshot"/> found less than it asked for.</summary>
    public void SeenEmpty(long stamp, XidSnapshot snapshot)
    {
        lock (_lock)
        {
            _pending.RemoveAll(p => p.Xid is { } x ? snapshot.Sees(x) : p.Horizon is { } h ? snapshot.Settles(h) : p.Stamp <= stamp);
            if (_seenEmpty is null || snapshot.Xmax >= _seenEmpty.Xmax)
            {
                _seenEmpty = snapshot;
            }
        }
    }

    /// <summary>
    /// A claim that began at <paramref name="stamp"/> failed: what it was woken for counts as looked at, so its
    /// caller waits for new work or its poll instead of spinning on the failure.
    /// </summary>
    public void Failed(long stamp)
    {
        lock (_lock)
        {
            _pending.RemoveAll(p => p.Stamp <= stamp);
        }
    }

    /// <summary>Waits until something unsettled is pending, or <paramref name="maxWait"/> on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan maxWait, TimeProvider time, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Task signalled;
        lock (_lock)
        {
            signalled = _pending.Count > 0 ? Task.CompletedTask : _next.Task;
        }

        if (signalled.IsCompleted)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(maxWait, time, stop.Token);
        await Task.WhenAny(signalled, timeout);
        await stop.CancelAsync(); // ends the timer when the signal came first
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
