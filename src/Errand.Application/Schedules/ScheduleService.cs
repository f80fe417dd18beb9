using Errand.Application.Specs;
using Errand.Engine.Scheduling;
using Errand.Engine.Tasks;
using Errand.Scheduling;
using Errand.Specs;
using Errand.Storage;

namespace Errand.Application.Schedules;

/// <summary>Schedules: add, list with next runs, history, pause, resume, trigger, remove. The CLI and the API both come here.</summary>
/// <param name="store">The store.</param>
/// <param name="transitions">Where a triggered run is decided and queued.</param>
/// <param name="time">The clock next runs are computed from.</param>
public sealed class ScheduleService(IErrandStore store, TaskTransitions transitions, TimeProvider time)
{
    /// <summary>The most ticks one history read returns.</summary>
    public const int MaxHistory = 500;

    /// <summary>Every schedule, with its next run.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    public async Task<IReadOnlyList<ScheduleView>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return [.. (await store.ListSchedulesAsync(cancellationToken)).Select(s => ScheduleView.From(s, now))];
    }

    /// <summary>One schedule, or null.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public async Task<ScheduleView?> GetAsync(string name, CancellationToken cancellationToken) =>
        await store.GetScheduleAsync(name, cancellationToken) is { } s ? ScheduleView.From(s, time.GetUtcNow()) : null;

    /// <summary>
    /// Adds <paramref name="draft"/> (from <see cref="ScheduleDraft.Check"/>) running spec text: parsed and checked as
    /// a submission would be, so a spec that could not be submitted cannot be scheduled.
    /// </summary>
    /// <param name="draft">The checked settings.</param>
    /// <param name="specText">The spec each run submits.</param>
    /// <param name="file">Its name in findings (a path from the CLI, <see cref="Tasks.TaskSubmission.RequestFile"/> from the API).</param>
    /// <param name="specPath">The spec file's full path (a relative repo is relative to its folder), or null when it came from no file (the API).</param>
    /// <param name="cancellationToken">Stops the checks and the write.</param>
    public async Task<ScheduleAdded> AddAsync(NewSchedule draft, string specText, string file, string? specPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(specText);
        var parsed = SpecSources.Parse(System.Text.Encoding.UTF8.GetBytes(specText), file, specPath is null ? null : Path.GetDirectoryName(specPath));
        if (parsed.Spec is { } group && Errand.Fleets.FleetDefinition.IsGroup(group))
        {
            // A tick enqueues one task, and the overlap policy, limits and history all count that task: a fleet or
            // best-of-N group would run as its template, once, so it is refused rather than quietly run wrong.
            var field = group.Fleet is null ? "attempts" : "fleet";
            var at = parsed.Positions.TryGetValue(field, out var p) ? p : new SourcePosition(1, 1);
            var what = group.Fleet is null ? "a best-of-N group ('attempts:')" : "a fleet ('fleet:')";
            return new ScheduleAdded(null, [.. parsed.Diagnostics, new SpecDiagnostic(DiagnosticSeverity.Error, SpecCodes.FleetConflict,
                $"a schedule runs one task per tick; {what} cannot be scheduled: remove '{field}:' to schedule the task, or start it with `errand fleet run`",
                file, at.Line, at.Column, field)], NameTaken: false);
        }

        var checkedSpec = await SpecChecks.CheckAsync(parsed, file, model: null, cancellationToken);
        if (checkedSpec.Spec is not { } spec)
        {
            return new ScheduleAdded(null, checkedSpec.Findings, NameTaken: false);
        }

        var record = await store.AddScheduleAsync(draft with
        {
            Title = spec.Title,
            SpecJson = TaskSpecJson.Serialize(spec),
            SpecSource = specText,
            SpecPath = specPath,
        }, cancellationToken);
        return new ScheduleAdded(record, checkedSpec.Findings, NameTaken: record is null);
    }

    /// <summary>A schedule's ticks, newest first; null when there is no such schedule.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="limit">At most this many (up to <see cref="MaxHistory"/>).</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<IReadOnlyList<TickView>?> HistoryAsync(string name, int limit, CancellationToken cancellationToken)
    {
        if (await store.GetScheduleAsync(name, cancellationToken) is not { } schedule)
        {
            return null;
        }

        var ticks = await store.ListTicksAsync(schedule.Id, Math.Clamp(limit, 1, MaxHistory), cancellationToken);
        return [.. ticks.Select(t => TickView.From(t, schedule.Name))];
    }

    /// <summary>Pauses or resumes a schedule; null when there is none of that name.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="paused">Pause (true) or resume (false).</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public async Task<ScheduleView?> SetPausedAsync(string name, bool paused, CancellationToken cancellationToken) =>
        await store.SetPausedAsync(name, paused, cancellationToken) is { } s ? ScheduleView.From(s, time.GetUtcNow()) : null;

    /// <summary>Runs a schedule's task now, paused or not, within its concurrency limit; null when there is no such schedule (or it was removed meanwhile).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public async Task<TickView?> TriggerAsync(string name, CancellationToken cancellationToken)
    {
        if (await store.GetScheduleAsync(name, cancellationToken) is not { } schedule)
        {
            return null;
        }

        var result = await transitions.DecideTickAsync(ScheduledTask.RunNow(schedule, time.GetUtcNow()), cancellationToken);
        return result.Tick is { } tick ? TickView.From(tick, schedule.Name) : null;
    }

    /// <summary>Removes a schedule and its history (the tasks it fired stay); false when there is none of that name.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public Task<bool> RemoveAsync(string name, CancellationToken cancellationToken) => store.RemoveScheduleAsync(name, cancellationToken);
}
