using Errand.Engine.Tasks;
using Errand.Storage;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Workers;

/// <summary>Wakes parked tasks whose timer is due, sleeping until the next one (or the poll interval, for timers other nodes set).</summary>
internal sealed class TimerPump(TaskTransitions transitions, ITimerStore timers, WorkerOptions options, TimeProvider time, ILogger logger)
    : PeriodicLoop(time, logger)
{
    private readonly TimeProvider _time = time;

    protected override string Name => "timer pump";

    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        await transitions.WakeDueAsync(cancellationToken);
        var next = await timers.NextWakeAsync(cancellationToken);
        var untilNext = next is { } at ? at - _time.GetUtcNow() : options.ReaperInterval;
        return untilNext < TimeSpan.Zero ? TimeSpan.Zero
            : untilNext > options.ReaperInterval ? options.ReaperInterval
            : untilNext;
    }
}
