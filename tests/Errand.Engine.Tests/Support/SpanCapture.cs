using System.Collections.Concurrent;
using System.Diagnostics;
using Errand.Telemetry;

namespace Errand.Engine.Tests.Support;

/// <summary>
/// Records every span of Errand's sources that ends in one trace, as an exporter would receive them: the listener
/// samples everything (so spans are built in full), and keeps only the spans of the trace asked for, so tests running
/// beside it in the same process do not mix in.
/// </summary>
internal sealed class SpanCapture : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly TaskCompletionSource _rootEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SpanCapture(ActivityTraceId traceId)
    {
        TraceId = traceId;
        _listener = new ActivityListener
        {
            ShouldListenTo = s => ErrandTelemetry.Sources.Contains(s.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId != TraceId)
                {
                    return;
                }

                _stopped.Enqueue(a);
                if (a.OperationName == SpanNames.Task)
                {
                    _rootEnded.TrySetResult();
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivityTraceId TraceId { get; }

    public IReadOnlyList<Activity> Spans => [.. _stopped];

    /// <summary>Waits for an execution's root span to end (after the task's end is stored, its clean-up follows).</summary>
    public Task WaitForRootAsync(TimeSpan timeout) => _rootEnded.Task.WaitAsync(timeout);

    /// <summary>The spans whose parent is <paramref name="parent"/>, in start order.</summary>
    public IReadOnlyList<Activity> ChildrenOf(Activity parent) =>
        [.. Spans.Where(s => s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartTimeUtc)];

    public void Dispose() => _listener.Dispose();
}
