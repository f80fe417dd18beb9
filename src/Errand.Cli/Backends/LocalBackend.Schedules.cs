using Errand.Application.Schedules;
using Errand.Cli.Hosting;

namespace Errand.Cli.Backends;

internal sealed partial class LocalBackend
{
    private ScheduleService Schedules => new(host.Store, host.Transitions, host.Time);

    public async Task<ScheduleAddition> AddScheduleAsync(ScheduleOptions options, string specPath, CancellationToken cancellationToken)
    {
        var (draft, field, problem) = ScheduleDraft.Check(
            options.Name, options.Cron, options.TimeZone, options.Overlap, options.CatchUp, options.Jitter, options.MaxParallel, host.Time.GetUtcNow());
        if (draft is null)
        {
            throw new BackendException(ExitCodes.InvalidInput, $"{field} {problem}");
        }

        var text = await File.ReadAllTextAsync(specPath, cancellationToken);
        var added = await Schedules.AddAsync(draft, text, specPath, Path.GetFullPath(specPath), cancellationToken);
        return new ScheduleAddition(added.Schedule is { } record ? ScheduleView.From(record, host.Time.GetUtcNow()) : null, added.Findings, added.NameTaken);
    }

    public async Task<IReadOnlyList<TickView>> ScheduleHistoryAsync(string name, int limit, CancellationToken cancellationToken) =>
        await Schedules.HistoryAsync(name, limit, cancellationToken) ?? throw NoSchedule(name);

    public async Task<ScheduleView> SetSchedulePausedAsync(string name, bool paused, CancellationToken cancellationToken) =>
        await Schedules.SetPausedAsync(name, paused, cancellationToken) ?? throw NoSchedule(name);

    public async Task<TickView> TriggerScheduleAsync(string name, CancellationToken cancellationToken) =>
        await Schedules.TriggerAsync(name, cancellationToken) ?? throw NoSchedule(name);

    public async Task RemoveScheduleAsync(string name, CancellationToken cancellationToken)
    {
        if (!await Schedules.RemoveAsync(name, cancellationToken))
        {
            throw NoSchedule(name);
        }
    }

    private static BackendException NoSchedule(string name) => new(ExitCodes.NotFound, $"no schedule named '{name}'");
}
