namespace Errand.Storage.Sqlite.Signals;

/// <summary>
/// Wakes this process's idle workers when work arrives, without losing a wake-up that lands between a worker's
/// empty claim and its wait.
/// </summary>
/// <remarks>
/// Every enqueue or requeue, once committed, raises <see cref="Generation"/>. A claim that came back short (the
/// queue was empty) records the generation it read before looking at the queue: that is a proof that no work from
/// signals up to that generation is left. A waiter therefore returns at once whenever a signal was raised after
/// the newest such proof — whoever made the claim — and otherwise sleeps until the next signal. At worst a worker
/// wakes for nothing and claims nothing; it never sleeps while work it was told about is queued.
/// </remarks>
internal sealed class WorkSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = NewSource();
    private long _generation;
    private long _drainedAt;

    /// <summary>The count of signals so far; read by a claim before it looks at the queue.</summary>
    public long Generation
    {
        get
        {
            lock (_lock)
            {
                return _generation;
            }
        }
    }

    /// <summary>Called when work committed in this process raises the signal (not when another process's does).</summary>
    public Action? RaisedLocally { get; set; }

    /// <summary>
    /// Work was committed: wake every waiter, and the next one to come. <paramref name="local"/> is false when another
    /// process committed it (heard through the doorbell), so it is not rung on again.
    /// </summary>
    public void Raise(bool local = true)
    {
        if (local)
        {
            RaisedLocally?.Invoke();
        }

        TaskCompletionSource woken;
        lock (_lock)
        {
            _generation++;
            woken = _next;
            _next = NewSource();
        }

        woken.TrySetResult();
    }

    /// <summary>A claim read at <paramref name="generation"/> found fewer tasks than it asked for: the queue was empty.</summary>
    public void Drained(long generation)
    {
        lock (_lock)
        {
            _drainedAt = Math.Max(_drainedAt, generation);
        }
    }

    /// <summary>A completed task when work was signalled since the queue was last seen empty; otherwise the next signal.</summary>
    public Task NextAsync()
    {
        lock (_lock)
        {
            return _generation > _drainedAt ? Task.CompletedTask : _next.Task;
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
