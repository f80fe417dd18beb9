using Errand.Journal;
using Errand.Storage.Postgres;
using Errand.Storage.Postgres.Rows;
using Errand.Tasks;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Errand.Storage.Tests.Postgres;

/// <summary>
/// A commit group's transitions as one statement (<see cref="MergedTransitions"/>): every task is still fenced on its own,
/// so a stale write among fresh ones is refused alone, and each write gets the result it would have got by itself.
/// </summary>
public sealed class PostgresMergedTransitionTests : IAsyncDisposable
{
    private const int Tasks = 48;
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

    [Fact]
    public async Task MergedStatement_OneStaleTransitionAmongFresh_RefusesExactlyThatOne()
    {
        var store = await OpenAsync(merge: true);
        for (var i = 0; i < 4; i++)
        {
            await store.EnqueueAsync(new NewTask($"t{i}", "{}"), Ct);
        }

        var claims = await store.ClaimAsync(new ClaimRequest("w1", 4, Lease), Ct);
        var stale = claims[1].Lease with { Fence = claims[1].Lease.Fence - 1 };
        var others = claims[2].Lease with { WorkerId = "w2" };
        var items = new object[]
        {
            Item(claims[0].Task.Id, claims[0].Lease, [new(JournalKinds.Output, "zero")], [new OutboxMessage("k0", "webhook", "succeeded", "{}")]),
            Item(claims[1].Task.Id, stale, [new(JournalKinds.Output, "one")], [new OutboxMessage("k1", "webhook", "succeeded", "{}")]),
            Item(claims[2].Task.Id, others, [], []),
            Item(999_999, new LeaseToken(999_999, "w1", 1), [], []),
            Item(claims[3].Task.Id, claims[3].Lease, [new(JournalKinds.Output, "three a"), new(JournalKinds.Output, "three b")], []),
        };

        MergedTransitions.Row[] rows;
        await using (var connection = new NpgsqlConnection(await _database.ConnectionStringAsync()))
        {
            await connection.OpenAsync(Ct);
            await using var transaction = await connection.BeginTransactionAsync(Ct);
            await using var batch = new NpgsqlBatch(connection);
            foreach (var command in MergedTransitions.Instance.Commands(items))
            {
                batch.BatchCommands.Add(command);
            }

            await using (var reader = await batch.ExecuteReaderAsync(Ct))
            {
                rows = await MergedTransitions.Instance.ReadAsync(reader, items, Ct);
            }

            await transaction.CommitAsync(Ct);
        }

        Assert.Equal(
            [(true, TaskState.Succeeded), (false, TaskState.Running), (false, TaskState.Running), (false, (TaskState?)null), (true, TaskState.Succeeded)],
            rows.Select(r => (r.Done, r.Task?.State)));
        Assert.Equal(claims[1].Lease.Fence, rows[1].Task!.Fence);
        Assert.Equal(claims[0].Lease.Fence + 1, rows[0].Task!.Fence);
        Assert.Equal(TaskState.Running, (await store.GetAsync(claims[1].Task.Id, Ct))!.State);
        Assert.Equal(TaskState.Running, (await store.GetAsync(claims[2].Task.Id, Ct))!.State);
        Assert.Equal(
            [JournalKinds.Submitted, JournalKinds.Claimed, JournalKinds.Output, JournalKinds.Output, JournalKinds.State],
            (await store.ReadAsync(claims[3].Task.Id, 0, 100, Ct)).Select(e => e.Kind));
        Assert.Equal(["three a", "three b", "running → succeeded"], (await store.ReadAsync(claims[3].Task.Id, 0, 100, Ct)).Skip(2).Select(e => e.Message));
        Assert.DoesNotContain(await store.ReadAsync(claims[1].Task.Id, 0, 100, Ct), e => e.Message == "one");
        Assert.Equal(["k0"], (await store.ListOutboxAsync(new OutboxQuery(), Ct)).Select(o => o.Message.Key));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Transition_ManyAtOnceSomeStale_EachStaleOneRefusedAndTheRestApplied(bool merge)
    {
        var store = await OpenAsync(merge);
        for (var i = 0; i < Tasks; i++)
        {
            await store.EnqueueAsync(new NewTask($"t{i}", "{}"), Ct);
        }

        var claims = await store.ClaimAsync(new ClaimRequest("w1", Tasks, Lease), Ct);
        // Every third write carries an older fence; every seventh (not stale) expects a fence the task does not have.
        var writes = claims.Select((claim, i) => new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Succeeded)
        {
            Lease = i % 3 == 0 ? claim.Lease with { Fence = claim.Lease.Fence - 1 } : claim.Lease,
            ExpectedFence = i % 7 == 1 ? claim.Lease.Fence + 5 : null,
            ResultJson = $"{{\"i\":{i}}}",
            Events = [new(JournalKinds.Output, $"out {i}")],
        }).ToList();

        var outcomes = await Task.WhenAll(writes.Select(write => Task.Run(() => store.TransitionAsync(write, Ct))));

        for (var i = 0; i < Tasks; i++)
        {
            var expected = i % 3 == 0 ? TransitionStatus.FenceLost : i % 7 == 1 ? TransitionStatus.StateConflict : TransitionStatus.Applied;
            Assert.Equal((i, expected), (i, outcomes[i].Status));
            var stored = (await store.GetAsync(claims[i].Task.Id, Ct))!;
            Assert.Equal(expected == TransitionStatus.Applied ? TaskState.Succeeded : TaskState.Running, stored.State);
            Assert.Equal(expected == TransitionStatus.Applied ? $"{{\"i\":{i}}}" : null, stored.ResultJson);
            var messages = (await store.ReadAsync(claims[i].Task.Id, 0, 100, Ct)).Select(e => e.Message).ToList();
            Assert.Equal(expected == TransitionStatus.Applied ? 1 : 0, messages.Count(m => m == $"out {i}"));
        }
    }

    private static MergedTransitions.Item Item(long taskId, LeaseToken lease, IReadOnlyList<JournalEntry> events, IReadOnlyList<OutboxMessage> notes) =>
        new(taskId, lease.Fence, lease.WorkerId, null, ["running"], ["running → succeeded"], ["{}"], "succeeded", null, "{}", false, null, null, true,
            Guid.CreateVersion7(), events, notes, Dependants: true, () => new DateTimeOffset(2030, 1, 2, 3, 4, 6, TimeSpan.Zero), "released");

    private async Task<PostgresStore> OpenAsync(bool merge) =>
        _store = await PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = await _database.ConnectionStringAsync(), TimeProvider = _time, MergeTransitions = merge }, Ct);
}
