using System.Collections.Concurrent;

namespace Errand.Bench.Peers;

/// <summary>When each job's code started (a Stopwatch timestamp), by the key the harness gave it; waitable.</summary>
internal sealed class StartBook
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<long>> _starts = new();

    public void Started(long key, long timestamp) => Slot(key).TrySetResult(timestamp);

    public Task<long> StartedAsync(long key) => Slot(key).Task;

    public bool TryGet(long key, out long timestamp)
    {
        timestamp = 0;
        return _starts.TryGetValue(key, out var slot) && slot.Task.IsCompletedSuccessfully && (timestamp = slot.Task.Result) > 0;
    }

    private TaskCompletionSource<long> Slot(long key) =>
        _starts.GetOrAdd(key, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
}
