namespace Errand.Storage;

/// <summary>
/// A version number and a wake-up: raised after a store instance commits journal events, so readers following a
/// journal (the API's live streams, <c>errand logs -f</c>) sleep until something was written instead of polling.
/// A reader takes <see cref="Version"/> before it reads, then waits with it: a write between the two is never missed.
/// </summary>
public sealed class ChangeSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = NewSource();
    private long _version;

    /// <summary>How many times it was raised.</summary>
    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>Something was committed: wakes every waiter.</summary>
    public void Raise()
    {
        TaskCompletionSource raised;
        lock (_lock)
        {
            _version++;
            raised = _next;
            _next = NewSource();
        }

        raised.TrySetResult();
    }

    /// <summary>Completes once <see cref="Version"/> is past <paramref name="seen"/>, or after <paramref name="maxWait"/> at the latest.</summary>
    /// <param name="seen">The version taken before the caller last read.</param>
    /// <param name="maxWait">The floor: writes this instance does not see (other processes) are found by then.</param>
    /// <param name="time">The clock the wait runs on.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task WaitAsync(long seen, TimeSpan maxWait, TimeProvider time, CancellationToken cancellationToken)
    {
        Task next;
        lock (_lock)
        {
            if (_version != seen)
            {
                return;
            }

            next = _next.Task;
        }

        try
        {
            await next.WaitAsync(maxWait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
