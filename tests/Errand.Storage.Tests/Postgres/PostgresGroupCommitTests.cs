using Errand.Dependencies;
using Errand.Journal;
using Errand.Storage.Postgres;
using Errand.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Storage.Tests.Postgres;

/// <summary>
/// Writes of one process sharing transactions (group commit), and with the lean lifecycle one round trip: each write
/// still gets its own result, and a success's dependants are released as when it ran alone.
/// </summary>
public sealed class PostgresGroupCommitTests : IAsyncDisposable
{
    private const int Prerequisites = 64;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly PostgresTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private PostgresStore? _store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Transition_ManySuccessesAtOnce_EachAppliedAndEveryDependantQueuedOnce(bool lean)
    {
        _store = await PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = await _database.ConnectionStringAsync(), TimeProvider = _time, LeanLifecycle = lean }, Ct);
        var store = _store;
        var prerequisites = new List<TaskRecord>();
        for (var i = 0; i < Prerequisites; i++)
        {
            prerequisites.Add(await store.EnqueueAsync(new NewTask($"p{i}", "{}"), Ct));
        }

        // Every other prerequisite has a dependant of its own; one more waits for the first two, which end together.
        var dependants = new List<TaskRecord>();
        for (var i = 0; i < Prerequisites; i += 2)
        {
            dependants.Add(await store.EnqueueAsync(new NewTask($"d{i}", "{}") { After = [Prerequisite.OnTask(prerequisites[i].Id)] }, Ct));
        }

        var joint = await store.EnqueueAsync(
            new NewTask("joint", "{}") { After = [Prerequisite.OnTask(prerequisites[0].Id), Prerequisite.OnTask(prerequisites[1].Id)] }, Ct);
        var claims = await store.ClaimAsync(new ClaimRequest("w1", Prerequisites, Lease), Ct);
        Assert.Equal(Prerequisites, claims.Count);

        var outcomes = await Task.WhenAll(claims.Select(claim => Task.Run(() => store.TransitionAsync(
            new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Succeeded) { Lease = claim.Lease, ResultJson = $"{{\"id\":{claim.Task.Id}}}" }, Ct))));

        Assert.All(outcomes.Zip(claims), pair =>
        {
            Assert.Equal(TransitionStatus.Applied, pair.First.Status);
            Assert.Equal(pair.Second.Task.Id, pair.First.Current!.Id);
            Assert.Equal($"{{\"id\":{pair.Second.Task.Id}}}", pair.First.Current.ResultJson);
        });
        foreach (var waiting in dependants.Append(joint))
        {
            Assert.Equal(TaskState.Queued, (await store.GetAsync(waiting.Id, Ct))!.State);
            var journal = await store.ReadAsync(waiting.Id, 0, 100, Ct);
            Assert.Single(journal, e => e.Kind == JournalKinds.State && e.Message == $"scheduled → queued: {DependencyReasons.Released}");
        }

        Assert.Equal(dependants.Count + 1, (await store.ClaimAsync(new ClaimRequest("w2", 1000, Lease), Ct)).Count);
    }
}
