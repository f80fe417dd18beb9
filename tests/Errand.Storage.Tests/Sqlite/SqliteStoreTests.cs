using Errand.Storage.Sqlite;
using Errand.Tasks;
using Microsoft.Data.Sqlite;

namespace Errand.Storage.Tests.Sqlite;

/// <summary>What is particular to the SQLite store: other processes on the same file, and the writer's lifecycle.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Write_WhileAnotherProcessHoldsTheWriteLock_WaitsThenCommits()
    {
        await using var store = await OpenAsync();
        using var other = _database.Connect();
        Execute(other, "BEGIN IMMEDIATE");

        var pending = store.EnqueueAsync(new NewTask("t", "{}"), Ct);
        await Task.Yield();
        Execute(other, "COMMIT");

        var task = await pending.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        Assert.NotNull(await store.GetAsync(task.Id, Ct));
    }

    [Fact]
    public async Task Write_LockHeldPastEveryRetry_FailsAndTheNextWriteWorks()
    {
        await using var store = await OpenAsync(new SqliteStoreOptions { Path = _database.Path, BusyTimeout = TimeSpan.FromMilliseconds(20), MaxBusyRetries = 1 });
        using var other = _database.Connect();
        Execute(other, "BEGIN IMMEDIATE");

        var busy = await Assert.ThrowsAsync<SqliteException>(() => store.EnqueueAsync(new NewTask("t", "{}"), Ct));
        Execute(other, "COMMIT");

        Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
        Assert.Empty(await store.ListAsync(new TaskQuery(), Ct));
        Assert.NotNull(await store.EnqueueAsync(new NewTask("t", "{}"), Ct));
    }

    [Fact]
    public async Task Read_WhileAnotherProcessIsWriting_NotBlocked()
    {
        await using var store = await OpenAsync();
        var task = await store.EnqueueAsync(new NewTask("t", "{}"), Ct);
        using var other = _database.Connect();
        Execute(other, "BEGIN IMMEDIATE");
        Execute(other, "UPDATE tasks SET title = 'uncommitted'");

        var read = await store.GetAsync(task.Id, Ct).WaitAsync(TimeSpan.FromSeconds(15), Ct);

        Assert.Equal("t", read!.Title);
        Execute(other, "ROLLBACK");
    }

    [Fact]
    public async Task Dispose_WithWritesInFlight_CommitsThemFirst()
    {
        var store = await OpenAsync();
        var writes = Enumerable.Range(0, 200).Select(i => store.EnqueueAsync(new NewTask($"t{i}", "{}"), Ct)).ToList();

        await store.DisposeAsync();

        Assert.Equal(200, (await Task.WhenAll(writes)).Length);
        await using var reopened = await OpenAsync();
        Assert.Equal(200, (await reopened.ListAsync(new TaskQuery { Limit = 1000 }, Ct)).Count);
    }

    [Fact]
    public async Task Use_AfterDispose_Throws()
    {
        var store = await OpenAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.EnqueueAsync(new NewTask("t", "{}"), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync(1, Ct));
        await store.DisposeAsync();
    }

    [Fact]
    public async Task Open_MissingDirectory_CreatesIt()
    {
        var path = Path.Combine(Path.GetDirectoryName(_database.Path)!, "nested", "deeper", "errand.db");

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = path }, Ct);

        Assert.Equal(path, store.DatabasePath);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Open_InvalidOptions_Throws()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SqliteStore.OpenAsync(new SqliteStoreOptions { Path = " " }, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            SqliteStore.OpenAsync(new SqliteStoreOptions { Path = _database.Path, MaxBatchSize = 0 }, Ct));
    }

    private Task<SqliteStore> OpenAsync(SqliteStoreOptions? options = null) =>
        SqliteStore.OpenAsync(options ?? new SqliteStoreOptions { Path = _database.Path }, Ct);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
