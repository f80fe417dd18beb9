using Errand.Storage.Postgres;
using Errand.Tasks;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Errand.Storage.Tests.Postgres;

/// <summary>
/// The tasks table's indexes (migration 14): a heartbeat, which changes only the lease's expiry, is a HOT update (no new
/// index entries; before, the reaper's index on the expiry made every heartbeat write one in each index). The queries
/// that used the dropped indexes still find their rows: the compliance suite covers them.
/// </summary>
public sealed class PostgresTaskIndexTests : IAsyncDisposable
{
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
    public async Task Heartbeat_OnRunningTask_IsHotUpdate()
    {
        var store = await OpenAsync();
        await store.EnqueueAsync(new NewTask("t", "{}"), Ct);
        var claim = (await store.ClaimAsync(new ClaimRequest("w1", 1, TimeSpan.FromMinutes(5)), Ct)).Single();

        // The store's renewal statement, in a transaction whose own statistics tell whether the update was HOT.
        var (updated, hot) = await InTransactionAsync(
            "UPDATE tasks SET lease_expires_at = lease_expires_at + interval '1 minute' WHERE id = $1 AND fence = $2 AND lease_owner = 'w1' AND state = 'running'",
            claim.Task.Id, claim.Lease.Fence);

        Assert.Equal((1L, 1L), (updated, hot));
    }

    private async Task<(long Updated, long Hot)> InTransactionAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(await _database.ConnectionStringAsync());
        await connection.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var stats = new NpgsqlCommand(
            "SELECT pg_stat_get_xact_tuples_updated('tasks'::regclass), pg_stat_get_xact_tuples_hot_updated('tasks'::regclass)", connection);
        await using var row = await stats.ExecuteReaderAsync(Ct);
        await row.ReadAsync(Ct);
        var result = (row.GetInt64(0), row.GetInt64(1));
        await row.DisposeAsync();
        await transaction.CommitAsync(Ct);
        return result;
    }

    private async Task<PostgresStore> OpenAsync() =>
        _store = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = await _database.ConnectionStringAsync(), TimeProvider = _time }, Ct);
}
