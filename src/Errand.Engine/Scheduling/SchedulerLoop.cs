using Errand.Engine.Workers;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Scheduling;

/// <summary>Runs <see cref="Scheduler"/>'s passes, sleeping on the injected clock between them.</summary>
internal sealed class SchedulerLoop(Scheduler scheduler, TimeProvider time, ILogger logger) : PeriodicLoop(time, logger)
{
    protected override string Name => "scheduler";

    protected override Task<TimeSpan> StepAsync(CancellationToken cancellationToken) => scheduler.PassAsync(cancellationToken);
}
