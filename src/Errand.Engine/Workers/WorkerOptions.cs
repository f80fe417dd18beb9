using System.Globalization;
using Errand.Engine.Scheduling;

namespace Errand.Engine.Workers;

/// <summary>How a worker claims and keeps tasks. Validated once at start-up.</summary>
public sealed record WorkerOptions
{
    /// <summary>This worker's id, recorded as lease owner; unique per process.</summary>
    public string WorkerId { get; init; } = DefaultWorkerId();

    /// <summary>Tasks run at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>How long a claim lasts unless renewed. A dead worker's task is reclaimed this long after its last heartbeat.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often leases are renewed; a third of the lease by default.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>How often to look for work another process enqueued (in-process enqueues wake at once).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often to reclaim lapsed leases and fire due timers.</summary>
    public TimeSpan ReaperInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the task gauges are read from the store, while something listens to them.</summary>
    public TimeSpan CountsInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>On a graceful stop, how long running tasks may take to finish before they are handed back.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep workspace directories after a task ends (branches are always kept).</summary>
    public bool KeepWorkspaces { get; init; }

    /// <summary>
    /// How many times an agent may repeat the same failing action (same tool, arguments and failure) within twice as
    /// many tool calls before the task is stopped as stuck in a loop.
    /// </summary>
    public int RepeatedFailureLimit { get; init; } = 5;

    /// <summary>
    /// A running task that journals nothing for this long is reported stuck (journaled and notified once per stall);
    /// null watches for none. Every worker watches; the notification's key makes it one per stall.
    /// </summary>
    public TimeSpan? StuckAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The schedule loop this worker runs beside its tasks; null runs none (any number may run on one store).</summary>
    public SchedulerOptions? Scheduler { get; init; } = new();

    /// <summary>The heartbeat interval in force.</summary>
    public TimeSpan EffectiveHeartbeat => HeartbeatInterval ?? LeaseDuration / 3;

    /// <summary>Throws <see cref="ArgumentException"/> for settings that cannot work.</summary>
    public void Validate()
    {
        if (Concurrency < 1)
        {
            throw new ArgumentException($"concurrency must be at least 1, got {Concurrency}");
        }

        if (LeaseDuration < TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentException($"lease must be at least 100ms, got {LeaseDuration}");
        }

        if (EffectiveHeartbeat >= LeaseDuration)
        {
            throw new ArgumentException($"heartbeat ({EffectiveHeartbeat}) must be shorter than the lease ({LeaseDuration})");
        }

        if (PollInterval <= TimeSpan.Zero || ReaperInterval <= TimeSpan.Zero || CountsInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("poll, reaper and counts intervals must be positive");
        }

        if (RepeatedFailureLimit < 2)
        {
            throw new ArgumentException($"the repeated-failure limit must be at least 2, got {RepeatedFailureLimit}");
        }

        Scheduler?.Validate();
        if (string.IsNullOrWhiteSpace(WorkerId))
        {
            throw new ArgumentException("worker id must not be empty");
        }
    }

    private static string DefaultWorkerId() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}");
}
