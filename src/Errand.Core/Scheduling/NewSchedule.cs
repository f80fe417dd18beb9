namespace Errand.Scheduling;

/// <summary>What <c>errand schedule add</c> hands the store. The store sets the cursor to its clock: no tick before the add fires.</summary>
/// <param name="Name">The unique name.</param>
/// <param name="Cron">The cron expression, already checked by <see cref="CronSchedule"/>.</param>
/// <param name="TimeZone">The IANA zone, already checked.</param>
/// <param name="Title">The title of the tasks it fires.</param>
/// <param name="SpecJson">The linted spec as JSON.</param>
public sealed record NewSchedule(string Name, string Cron, string TimeZone, string Title, string SpecJson)
{
    /// <summary>The catch-up window when none is given: a restart or a clock step of a few minutes loses no run.</summary>
    public static readonly TimeSpan DefaultCatchUp = TimeSpan.FromMinutes(15);

    /// <inheritdoc cref="ScheduleRecord.Overlap"/>
    public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Skip;

    /// <inheritdoc cref="ScheduleRecord.CatchUp"/>
    public TimeSpan CatchUp { get; init; } = DefaultCatchUp;

    /// <inheritdoc cref="ScheduleRecord.Jitter"/>
    public TimeSpan Jitter { get; init; }

    /// <inheritdoc cref="ScheduleRecord.MaxParallel"/>
    public int? MaxParallel { get; init; }

    /// <inheritdoc cref="ScheduleRecord.SpecSource"/>
    public string SpecSource { get; init; } = "";

    /// <inheritdoc cref="ScheduleRecord.SpecPath"/>
    public string? SpecPath { get; init; }

    /// <inheritdoc cref="ScheduleRecord.MaxAttempts"/>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>What every store refuses before writing: throws <see cref="ArgumentException"/> for a schedule that cannot work.</summary>
    public void Validate()
    {
        if (!ScheduleName.IsValid(Name))
        {
            throw new ArgumentException($"schedule name '{Name}': {ScheduleName.Rule}");
        }

        if (MaxAttempts < 1 || MaxParallel is < 1 || CatchUp < TimeSpan.Zero || Jitter < TimeSpan.Zero)
        {
            throw new ArgumentException($"schedule '{Name}': max attempts and max parallel must be at least 1, catch-up and jitter not negative");
        }
    }
}
