using Errand.Dependencies;
using Errand.Journal;
using Errand.Storage.Postgres;
using Errand.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Storage.Tests.Postgres;

/// <summary>
/// Writes of one process sharing transactions (group commit), and with the lean lifecycle one round trip (a group's
/// enqueues one statement): each write still gets its own result, and a success's dependants are released as when it ran alone.
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
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task Transition_ManySuccessesAtOnce_EachAppliedAndEveryDependantQueuedOnce(bool lean, bool mergeTransitions)
    {
        var store = await OpenAsync(lean: lean, mergeTransitions: mergeTransitions);
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Enqueue_ManyAtOnce_EachGetsItsOwnRowAndJournalInOrder(bool merge)
    {
        var store = await OpenAsync(merge: merge);

        var records = await Task.WhenAll(Enumerable.Range(0, Prerequisites).Select(i => Task.Run(() => store.EnqueueAsync(
            new NewTask($"t{i}", $"{{\"n\":{i}}}") { Name = i % 2 == 0 ? $"name{i}" : null, Events = [new(JournalKinds.Output, $"first {i}"), new(JournalKinds.Output, $"second {i}", $"{{\"i\":{i}}}")] }, Ct))));

        Assert.Equal(Prerequisites, records.Select(r => r.Id).Distinct().Count());
        for (var i = 0; i < Prerequisites; i++)
        {
            var stored = (await store.GetAsync(records[i].Id, Ct))!;
            Assert.Equal(($"t{i}", $"{{\"n\":{i}}}", i % 2 == 0 ? $"name{i}" : null, TaskState.Queued), (stored.Title, stored.SpecJson, stored.Name, stored.State));
            Assert.Equal((records[i].Title, records[i].CreatedAt), (stored.Title, stored.CreatedAt));
            var journal = await store.ReadAsync(records[i].Id, 0, 100, Ct);
            Assert.Equal([(JournalKinds.Submitted, $"submitted: t{i}"), (JournalKinds.Output, $"first {i}"), (JournalKinds.Output, $"second {i}")], journal.Select(e => (e.Kind, e.Message)));
            Assert.Equal($"{{\"i\":{i}}}", journal[2].DataJson);
            Assert.All(journal, e => Assert.Equal(records[i].Id, e.TaskId));
        }

        Assert.Equal(Prerequisites, (await store.ClaimAsync(new ClaimRequest("w1", 1000, Lease), Ct)).Count);
    }

    private async Task<PostgresStore> OpenAsync(bool lean = true, bool merge = true, bool mergeTransitions = true) =>
        _store = await PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = await _database.ConnectionStringAsync(), TimeProvider = _time, LeanLifecycle = lean, MergeWrites = merge, MergeTransitions = mergeTransitions }, Ct);
}
