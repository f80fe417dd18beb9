namespace Errand.Notifications.Dispatching;

/// <summary>A clock on which every wait ends at once (on the thread pool): lets a retry strategy be asked for its delays without waiting them out.</summary>
internal sealed class InstantTimeProvider : TimeProvider
{
    public static InstantTimeProvider Instance { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            ThreadPool.UnsafeQueueUserWorkItem(s => callback(s), state, preferLocal: false);
        }

        return new Fired();
    }

    private sealed class Fired : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
