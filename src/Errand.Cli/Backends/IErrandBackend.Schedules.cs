using Errand.Application.Schedules;

namespace Errand.Cli.Backends;

/// <summary>Schedules: add, history, pause and resume, run now, remove. A missing schedule is a <see cref="BackendException"/> (exit 3).</summary>
internal partial interface IErrandBackend
{
    /// <summary>Adds a schedule that submits the task file at <paramref name="specPath"/> on each tick.</summary>
    Task<ScheduleAddition> AddScheduleAsync(ScheduleOptions options, string specPath, CancellationToken cancellationToken);

    /// <summary>Its ticks, newest first.</summary>
    Task<IReadOnlyList<TickView>> ScheduleHistoryAsync(string name, int limit, CancellationToken cancellationToken);

    Task<ScheduleView> SetSchedulePausedAsync(string name, bool paused, CancellationToken cancellationToken);

    /// <summary>Runs it now: the tick it made (fired, or waiting its turn).</summary>
    Task<TickView> TriggerScheduleAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes it and its history; the tasks it fired stay.</summary>
    Task RemoveScheduleAsync(string name, CancellationToken cancellationToken);
}
