using Errand.Storage;
using Errand.Telemetry;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Workers;

/// <summary>
/// Reads how many tasks the store holds in each state for the <c>errand.tasks</c> and <c>errand.queue.depth</c>
/// gauges. The store is the truth every process shares (a process's own counters see only its own moves); it is asked
/// only while something listens to the gauges.
/// </summary>
internal sealed class TaskCountsLoop(ITaskStore store, ErrandMetrics metrics, TimeSpan interval, TimeProvider time, ILogger logger)
    : PeriodicLoop(time, logger)
{
    protected override string Name => "task counts";

    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        if (metrics.CountsObserved)
        {
            metrics.PublishCounts(await store.CountByStateAsync(cancellationToken));
        }

        return interval;
    }
}
