using System.Globalization;
using Errand.Engine.Tasks;
using Errand.Journal;
using Errand.Notifications;
using Errand.Storage;
using Errand.Tasks;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Workers;

/// <summary>
/// Reports running tasks that have journaled nothing for a while: a hung command, a model that never answers, a worker
/// that holds its lease but does no work. Once per stall — the <c>stuck</c> event it writes does not count as activity,
/// and the notification's key names the last event seen — however many workers watch.
/// </summary>
internal sealed class StuckWatch(TaskTransitions transitions, IErrandStore store, TimeSpan stuckAfter, TimeProvider time, ILogger logger)
    : PeriodicLoop(time, logger)
{
    private const int MaxWatched = 1000;

    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;

    protected override string Name => "stuck watch";

    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var task in await store.ListAsync(new TaskQuery { States = [TaskState.Running], Limit = MaxWatched }, cancellationToken))
        {
            var latest = await store.ReadLatestAsync(task.Id, 1, cancellationToken);
            if (latest.Count == 0 || latest[0].Kind == JournalKinds.Stuck || now - latest[0].At < stuckAfter)
            {
                continue;
            }

            var quiet = now - latest[0].At;
            var entry = new JournalEntry(JournalKinds.Stuck,
                string.Create(CultureInfo.InvariantCulture, $"no progress for {(int)quiet.TotalMinutes}m{quiet.Seconds:00}s (last: {latest[0].Kind}: {latest[0].Message})"));
            var occurrence = "s" + latest[0].Seq.ToString(CultureInfo.InvariantCulture);
            if (await transitions.NotifyAsync(task, null, NotificationEvents.Stuck, entry, occurrence, cancellationToken))
            {
                _logger.LogWarning("Task {TaskId} looks stuck: {Message}", task.Id, entry.Message);
            }
        }

        // Checked a few times per period, so a stall is reported at most a quarter-period late.
        return TimeSpan.FromTicks(Math.Clamp(stuckAfter.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
    }
}
