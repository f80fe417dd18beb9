using Errand.Storage.Postgres;
using Errand.Tasks;
using Npgsql;

namespace Errand.Storage.Tests.Postgres;

/// <summary>A process that stops in the middle of one of the store's transactions (SIGSTOP, swapped out, cut off).</summary>
public sealed class PostgresIdleTransactionTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly PostgresTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task PausedConnection_HoldsATaskRowInATransaction_ServerEndsItAndOthersGoOn()
    {
        var connectionString = await _database.ConnectionStringAsync();
        await using var store = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connectionString }, Ct);
        var task = await store.EnqueueAsync(new NewTask("held", "{}"), Ct);
        var claim = Assert.Single(await store.ClaimAsync(new ClaimRequest("w1", 1, Lease), Ct));

        // A connection made as the store makes its own, in the middle of a write: the task's row locked, then silence,
        // which is all the server sees of a SIGSTOPped worker.
        await using var paused = new NpgsqlConnection(PostgresConnection.ForStore(connectionString, idleInTransaction: TimeSpan.FromSeconds(1)));
        await paused.OpenAsync(Ct);
        await using var transaction = await paused.BeginTransactionAsync(Ct);
        await using (var hold = new NpgsqlCommand("SELECT id FROM tasks WHERE id = $1 FOR NO KEY UPDATE", paused) { Parameters = { new() { Value = task.Id } } })
        {
            Assert.Equal(task.Id, await hold.ExecuteScalarAsync(Ct));
        }

        // Waits on the row lock until the server ends the paused session; without the timeout it would wait for ever.
        var outcome = await store.TransitionAsync(
            new TaskTransition(task.Id, [TaskState.Running], TaskState.Succeeded) { Lease = claim.Lease }, Ct).WaitAsync(Patience, Ct);

        Assert.True(outcome.Applied);
        var ended = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var next = new NpgsqlCommand("SELECT 1", paused);
            await next.ExecuteScalarAsync(Ct);
        });
        Assert.Equal("25P03", ended.SqlState); // idle_in_transaction_session_timeout
    }

    [Theory]
    [InlineData("Host=db;Database=d", 10_000, "-c idle_in_transaction_session_timeout=10000")]
    [InlineData("Host=db;Database=d;Options=-c search_path=errand", 1_500, "-c search_path=errand -c idle_in_transaction_session_timeout=1500")]
    [InlineData("Host=db;Database=d;Options=-c idle_in_transaction_session_timeout=500", 10_000, "-c idle_in_transaction_session_timeout=500")]
    [InlineData("Host=db;Database=d", 0, null)]
    public void ForStore_IdleInTransactionTimeout_StartupOptionUnlessGiven(string value, int milliseconds, string? options)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.ForStore(value, idleInTransaction: TimeSpan.FromMilliseconds(milliseconds)));

        Assert.Equal(options, builder.Options);
    }

    [Fact]
    public async Task OpenAsync_NegativeIdleInTransactionTimeout_NamesTheOption()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = "Host=127.0.0.1;Database=d", IdleInTransactionTimeout = TimeSpan.FromSeconds(-1) }, Ct));

        Assert.Equal(nameof(PostgresStoreOptions.IdleInTransactionTimeout), error.ParamName);
    }
}
