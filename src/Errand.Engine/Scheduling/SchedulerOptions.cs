namespace Errand.Engine.Scheduling;

/// <summary>How the scheduler loop watches the schedules. Validated once at start-up.</summary>
public sealed record SchedulerOptions
{
    /// <summary>
    /// The longest sleep between two looks at the schedules, even with no tick due: schedules added, paused or
    /// removed by other processes are seen within this.
    /// </summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a schedule with ticks waiting for earlier runs to end looks again.</summary>
    public TimeSpan PendingRecheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentException"/> for settings that cannot work.</summary>
    public void Validate()
    {
        if (RecheckInterval <= TimeSpan.Zero || PendingRecheckInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("the scheduler's recheck intervals must be positive");
        }
    }
}
