using Errand.Journal;
using Errand.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Storage.Tests.Compliance;

/// <summary>
/// The base of every store compliance suite. A provider's test class overrides only
/// <see cref="OpenStoreAsync"/> (and, for migrations, how to fake a newer schema); each test gets its own database.
/// </summary>
public abstract class StoreCompliance : IAsyncLifetime
{
    /// <summary>How long a test waits for something that should happen at once.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>The default lease in these tests.</summary>
    protected static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);

    private readonly List<IErrandStore> _opened = [];

    /// <summary>The clock every store in the test uses unless told otherwise; it moves only when a test advances it.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Opens a store on this test's database, which is new and empty before the first call. Every call opens
    /// another instance on the same database, as another process would.
    /// </summary>
    protected abstract Task<IErrandStore> OpenStoreAsync(TimeProvider time);

    /// <summary>Opens a store (disposed at the end of the test).</summary>
    protected async Task<IErrandStore> CreateStoreAsync(TimeProvider? time = null)
    {
        var store = await OpenStoreAsync(time ?? Time);
        _opened.Add(store);
        return store;
    }

    /// <summary>A second instance on the same database: "another process".</summary>
    protected Task<IErrandStore> OpenAnotherAsync(TimeProvider? time = null) => CreateStoreAsync(time);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes the test's database once every store is closed.</summary>
    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    protected static NewTask Submission(string title = "a task", int maxAttempts = 3) =>
        new(title, $$"""{"title":"{{title}}"}""") { MaxAttempts = maxAttempts };

    protected static async Task<TaskRecord[]> EnqueueAsync(IErrandStore store, int count)
    {
        var tasks = new TaskRecord[count];
        for (var i = 0; i < count; i++)
        {
            tasks[i] = await store.EnqueueAsync(Submission($"task {i}"), Ct);
        }

        return tasks;
    }

    /// <summary>Enqueues one task and claims it.</summary>
    protected static async Task<TaskClaim> RunningTaskAsync(IErrandStore store, string worker = "w1", int maxAttempts = 3)
    {
        var task = await store.EnqueueAsync(Submission(maxAttempts: maxAttempts), Ct);
        return await ClaimAsync(store, task.Id, worker);
    }

    /// <summary>Claims the given queued task (the oldest: the test's queue holds only it).</summary>
    protected static async Task<TaskClaim> ClaimAsync(IErrandStore store, long taskId, string worker = "w1")
    {
        var claim = Assert.Single(await store.ClaimAsync(new ClaimRequest(worker, 1, LeaseTime), Ct));
        Assert.Equal(taskId, claim.Task.Id);
        return claim;
    }

    protected static Task<IReadOnlyList<JournalEvent>> JournalAsync(IErrandStore store, long taskId) =>
        store.ReadAsync(taskId, 0, 100_000, Ct);

    protected static async Task<string[]> KindsAsync(IErrandStore store, long taskId) =>
        [.. (await JournalAsync(store, taskId)).Select(e => e.Kind)];

    /// <summary>Moves a running task to retry_backoff with a wake time.</summary>
    protected static async Task ParkAsync(IErrandStore store, TaskClaim claim, DateTimeOffset wakeAt, TaskState state = TaskState.RetryBackoff)
    {
        var outcome = await store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Running], state) { Lease = claim.Lease, WakeAt = wakeAt, Reason = "parked" }, Ct);
        Assert.True(outcome.Applied);
    }
}
