using System.Globalization;
using Errand.Engine.Scheduling;
using Errand.Scheduling;
using Errand.Specs;
using Errand.Storage;
using Errand.Storage.Sqlite;
using Errand.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Engine.Tests.Support;

/// <summary>
/// Schedulers on a fake clock over one real SQLite file. <see cref="RunUntilAsync"/> does what the scheduler loop does
/// (a pass, then sleep for as long as the pass asked), moving the clock instead of sleeping.
/// </summary>
internal sealed class ScheduleSimulation : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("errand-schedule-");
    private readonly List<SqliteStore> _stores = [];

    private ScheduleSimulation(DateTimeOffset start) => Clock = new FakeTimeProvider(start);

    public FakeTimeProvider Clock { get; }

    /// <summary>The first store, and its scheduler.</summary>
    public SqliteStore Store => _stores[0];

    public List<Scheduler> Schedulers { get; } = [];

    public static async Task<ScheduleSimulation> CreateAsync(DateTimeOffset start, int schedulers = 1)
    {
        var simulation = new ScheduleSimulation(start);
        for (var i = 0; i < schedulers; i++)
        {
            // One store per scheduler: each is "another process" on the same file.
            var store = await SqliteStore.OpenAsync(
                new SqliteStoreOptions { Path = Path.Combine(simulation._directory.FullName, "errand.db"), TimeProvider = simulation.Clock },
                CancellationToken.None);
            simulation._stores.Add(store);
            // A day between looks when nothing is due: the simulation jumps from tick to tick.
            simulation.Schedulers.Add(new Scheduler(store, new SchedulerOptions { RecheckInterval = TimeSpan.FromDays(1) }, simulation.Clock,
                NullLogger.Instance));
        }

        return simulation;
    }

    public static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static NewSchedule Definition(string name, string cron, string zone, OverlapPolicy overlap = OverlapPolicy.AllowAll)
    {
        var spec = new TaskSpec { Title = $"routine {name}", Agent = AgentNames.Command, Command = "true" };
        return new NewSchedule(name, cron, zone, spec.Title, TaskSpecJson.Serialize(spec)) { Overlap = overlap };
    }

    public async Task<ScheduleRecord> AddAsync(NewSchedule schedule) => (await Store.AddScheduleAsync(schedule, CancellationToken.None))!;

    /// <summary>Runs every scheduler until <paramref name="end"/>: all pass (concurrently), then the clock moves to the earliest wake.</summary>
    public async Task RunUntilAsync(DateTimeOffset end)
    {
        for (var i = 0; i < 100_000; i++)
        {
            var waits = await Task.WhenAll(Schedulers.Select(s => Task.Run(() => s.PassAsync(CancellationToken.None))));
            var next = Clock.GetUtcNow() + waits.Min();
            if (next > end)
            {
                Clock.SetUtcNow(end);
                return;
            }

            Clock.SetUtcNow(next);
        }

        throw new InvalidOperationException("the schedulers never slept: a pass keeps asking to run again at once");
    }

    /// <summary>No scheduler runs for <paramref name="downtime"/>.</summary>
    public void Down(TimeSpan downtime) => Clock.Advance(downtime);

    /// <summary>The wall clock is set forward or back (NTP step, a VM resumed), as a real system's would be.</summary>
    public void Jump(TimeSpan delta) => Clock.AdjustTime(Clock.GetUtcNow() + delta);

    public async Task<IReadOnlyList<TickRecord>> HistoryAsync(ScheduleRecord schedule) =>
        [.. (await Store.ListTicksAsync(schedule.Id, 100_000, CancellationToken.None)).Reverse()];

    public async Task<IReadOnlyList<TaskRecord>> TasksAsync() =>
        await Store.ListAsync(new TaskQuery { Limit = 100_000 }, CancellationToken.None);

    /// <summary>Claims the oldest queued task, as a worker would, with a lease long enough to outlast the test: a long-running run.</summary>
    public async Task<TaskClaim> StartLongRunAsync(long taskId)
    {
        var claim = Assert.Single(await Store.ClaimAsync(new ClaimRequest("long-runner", 1, TimeSpan.FromDays(1)), CancellationToken.None));
        Assert.Equal(taskId, claim.Task.Id);
        return claim;
    }

    public async Task FinishAsync(TaskClaim claim) =>
        Assert.True((await Store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Succeeded) { Lease = claim.Lease }, CancellationToken.None)).Applied);

    public async ValueTask DisposeAsync()
    {
        foreach (var scheduler in Schedulers)
        {
            await scheduler.DisposeAsync();
        }

        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _directory.Delete(recursive: true);
    }
}
