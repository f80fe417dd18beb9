using Errand.Storage.Postgres;
using Errand.Tasks;
using Errand.Tests.Shared.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Storage.Tests.Postgres;

/// <summary>What is particular to the PostgreSQL store: wake-ups across processes, and losing the server.</summary>
public sealed class PostgresStoreTests : IAsyncDisposable
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromHours(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly PostgresTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly List<PostgresStore> _stores = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TerminateBackend_EveryConnectionOfTheStore_StoreGoesOnAndListensAgain()
    {
        var worker = await OpenAsync();
        var submitter = await OpenAsync();
        var claim = await RunningTaskAsync(worker);
        Assert.Empty(await worker.ClaimAsync(new ClaimRequest("w1", 1, Lease), Ct));
        var waiting = worker.WaitForWorkAsync(LongPoll, Ct);

        var killed = await PostgresServer.ExecuteAsync(await PostgresServer.AdminConnectionStringAsync(),
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{await _database.NameAsync()}'");

        Assert.True((long)killed! >= 2); // at least the pooled connection and the listening one
        // The listener comes back and wakes its waiters once: work may have been notified while it was away.
        await waiting.WaitAsync(Patience, Ct);
        Assert.Equal(LeaseRenewal.Renewed, await worker.RenewAsync(claim.Lease, Lease, Ct));
        Assert.True((await worker.TransitionAsync(new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Succeeded) { Lease = claim.Lease }, Ct)).Applied);
        Assert.Empty(await worker.ClaimAsync(new ClaimRequest("w1", 1, Lease), Ct));
        var again = worker.WaitForWorkAsync(LongPoll, Ct);
        await submitter.EnqueueAsync(new NewTask("after", "{}"), Ct);
        await again.WaitAsync(Patience, Ct);
        Assert.Single(await worker.ClaimAsync(new ClaimRequest("w1", 1, Lease), Ct));
    }

    [Fact]
    public async Task ServerRestart_MidUse_OperationsWaitForItAndTheStoreGoesOn()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        var worker = await OpenAsync(cluster.ConnectionString);
        var submitter = await OpenAsync(cluster.ConnectionString);
        var claim = await RunningTaskAsync(worker);
        Assert.Empty(await worker.ClaimAsync(new ClaimRequest("w1", 1, Lease), Ct));
        var waiting = worker.WaitForWorkAsync(LongPoll, Ct);

        await cluster.StopAsync();
        var readWhileDown = worker.GetAsync(claim.Task.Id, Ct);
        await cluster.StartAgainAsync();

        Assert.Equal(TaskState.Running, (await readWhileDown.WaitAsync(Patience, Ct))!.State);
        await waiting.WaitAsync(Patience, Ct);
        Assert.Equal(LeaseRenewal.Renewed, await worker.RenewAsync(claim.Lease, Lease, Ct));
        Assert.True((await worker.TransitionAsync(new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Succeeded) { Lease = claim.Lease }, Ct)).Applied);
        var next = await submitter.EnqueueAsync(new NewTask("after restart", "{}"), Ct);
        Assert.Equal(next.Id, Assert.Single(await worker.ClaimAsync(new ClaimRequest("w1", 1, Lease), Ct)).Task.Id);
    }

    [Fact]
    public async Task Description_NamesTheDatabaseWithoutSecrets()
    {
        var store = await OpenAsync();

        Assert.StartsWith("postgres://postgres@127.0.0.1:", store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_NewerSchemaInAnotherSchema_DoesNotAffectThisOne()
    {
        var first = await OpenAsync();
        await first.EnqueueAsync(new NewTask("t", "{}"), Ct);
        await using var neighbour = new PostgresTestDatabase();
        var other = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = await neighbour.ConnectionStringAsync() }, Ct);
        await other.DisposeAsync();
        await neighbour.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', now())");

        await first.MigrateAsync(Ct);

        Assert.Single(await first.ListAsync(new TaskQuery(), Ct));
    }

    private async Task<PostgresStore> OpenAsync(string? connectionString = null)
    {
        var store = await PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = connectionString ?? await _database.ConnectionStringAsync(), TimeProvider = _time }, Ct);
        _stores.Add(store);
        return store;
    }

    private static async Task<TaskClaim> RunningTaskAsync(PostgresStore store)
    {
        var task = await store.EnqueueAsync(new NewTask("t", "{}"), Ct);
        var claim = Assert.Single(await store.ClaimAsync(new ClaimRequest("w1", 1, Lease), Ct));
        Assert.Equal(task.Id, claim.Task.Id);
        return claim;
    }
}
