using Errand.Engine.Tasks;
using Errand.Scheduling;
using Errand.Storage;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Scheduling;

/// <summary>
/// Fires schedules' ticks: sleeps until the next tick is due (or <see cref="SchedulerOptions.RecheckInterval"/>, to see
/// other processes' changes), plans each schedule with <see cref="TickPlanner"/> and hands due ticks to the store
/// through <see cref="TaskTransitions"/>. Any number may run on one store: the store decides each tick once.
/// </summary>
public sealed class Scheduler : IAsyncDisposable
{
    private readonly IScheduleStore _store;
    private readonly TaskTransitions _transitions;
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SchedulerLoop _loop;
    private readonly Dictionary<(string Cron, string Zone), CronSchedule?> _crons = [];

    /// <summary>Creates a scheduler; call <see cref="Start"/>.</summary>
    public Scheduler(IErrandStore store, SchedulerOptions options, TimeProvider time, ILogger logger)
    {
        options.Validate();
        _store = store;
        _transitions = new TaskTransitions(store);
        _options = options;
        _time = time;
        _logger = logger;
        _loop = new SchedulerLoop(this, time, logger);
    }

    /// <summary>Starts the loop.</summary>
    public void Start() => _loop.Start();

    /// <summary>Stops the loop; a pass in flight is cancelled (the store commits a tick whole or not at all).</summary>
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    /// <summary>One look at every schedule; returns how long to sleep before the next.</summary>
    internal async Task<TimeSpan> PassAsync(CancellationToken cancellationToken)
    {
        var schedules = await _store.ListSchedulesAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var wait = _options.RecheckInterval;
        foreach (var schedule in schedules)
        {
            if (schedule.PendingTicks > 0)
            {
                var released = await _transitions.ReleasePendingAsync(schedule.Id, cancellationToken);
                foreach (var tick in released)
                {
                    _logger.LogInformation("Schedule {Schedule}: waiting tick {Tick:u} fired task #{Task}", schedule.Name, tick.TickAt, tick.TaskId);
                }

                wait = Min(wait, _options.PendingRecheckInterval);
            }

            if (schedule.Paused || Cron(schedule) is not { } cron)
            {
                continue;
            }

            var plan = TickPlanner.Plan(schedule, cron, now);
            if (plan.Tick is not null)
            {
                var result = await _transitions.DecideTickAsync(ScheduledTask.ForTick(schedule, plan), cancellationToken);
                if (result.Tick is { } decided)
                {
                    _logger.LogInformation("Schedule {Schedule}: tick {Tick:u} {Outcome}{Task} {Reason}", schedule.Name, decided.TickAt,
                        decided.Outcome.ToWireName(), decided.TaskId is { } id ? $" as task #{id}" : "", decided.Reason);
                }
                else if (result.Status == TickStatus.AlreadyDecided)
                {
                    // Another scheduler moved the cursor since this pass read it: plan again from where it is now.
                    wait = TimeSpan.Zero;
                }
            }

            if (plan.NextDueAt is { } next)
            {
                // The next tick is in the future once the due one is decided; should it not be (another scheduler
                // raced this one, a clock stepped), look again shortly rather than spin.
                wait = Min(wait, next > now ? next - now : _options.PendingRecheckInterval);
            }
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private CronSchedule? Cron(ScheduleRecord schedule)
    {
        var key = (schedule.Cron, schedule.TimeZone);
        if (!_crons.TryGetValue(key, out var cron))
        {
            // Checked when added; a zone this node's time-zone database lacks is the one way it can fail here.
            if (!CronSchedule.TryParse(schedule.Cron, schedule.TimeZone, out cron, out var problem))
            {
                _logger.LogWarning("Schedule {Schedule} cannot run on this node: {Problem}", schedule.Name, problem);
            }

            _crons[key] = cron;
        }

        return cron;
    }
}
