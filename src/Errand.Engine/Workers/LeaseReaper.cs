using Errand.Engine.Tasks;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Workers;

/// <summary>
/// Returns tasks whose worker stopped heartbeating to the queue. Runs in every worker process; the store makes
/// each reclaim happen once, with a raised fence, so the dead worker's late writes are refused.
/// </summary>
internal sealed class LeaseReaper(TaskTransitions transitions, WorkerOptions options, TimeProvider time, ILogger logger)
    : PeriodicLoop(time, logger)
{
    private readonly ILogger _logger = logger;

    protected override string Name => "lease reaper";

    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        foreach (var reclaimed in await transitions.ReclaimExpiredAsync(cancellationToken))
        {
            _logger.LogInformation("Task {TaskId}: lease of {Owner} lapsed; now {State}", reclaimed.TaskId, reclaimed.PreviousOwner, reclaimed.NewState);
        }

        return options.ReaperInterval;
    }
}
