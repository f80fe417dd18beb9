using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Errand.Agents;

namespace Errand.Bench.Support;

/// <summary>
/// Records when each task's agent started, then runs the wrapped agent — or, with none, does nothing at all, so
/// what is measured is the engine's own overhead. <c>onStarted</c> is told too (task id, timestamp).
/// </summary>
internal sealed class RecordingAgent(IAgentRuntime? inner, Action<long, long>? onStarted = null) : IAgentRuntime
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<long>> _started = new();

    public string Name => inner?.Name ?? "noop";

    public bool TryGetStart(long taskId, out long timestamp)
    {
        timestamp = 0;
        return _started.TryGetValue(taskId, out var tcs) && tcs.Task.IsCompleted && (timestamp = tcs.Task.Result) > 0;
    }

    public Task<long> StartedAsync(long taskId) => Slot(taskId).Task;

    public async IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        Slot(run.TaskId).TrySetResult(now);
        onStarted?.Invoke(run.TaskId, now);
        if (inner is null)
        {
            yield return new AgentFinished("nothing to do");
            yield break;
        }

        await foreach (var e in inner.RunAsync(run, cancellationToken))
        {
            yield return e;
        }
    }

    private TaskCompletionSource<long> Slot(long taskId) =>
        _started.GetOrAdd(taskId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
}
