namespace Errand.Storage;

/// <summary>Durable timers: parked tasks (retry backoff, scheduled, question deadlines) wake at their <c>WakeAt</c>.</summary>
public interface ITimerStore
{
    /// <summary>The earliest wake time of any parked task, or null.</summary>
    Task<DateTimeOffset?> NextWakeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves every parked task whose wake time has come back to the queue, journaling each; returns their ids.
    /// Safe to run on many nodes at once: each task wakes once.
    /// </summary>
    Task<IReadOnlyList<long>> WakeDueAsync(CancellationToken cancellationToken);
}
