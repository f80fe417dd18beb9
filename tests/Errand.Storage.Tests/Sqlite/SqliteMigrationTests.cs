using Errand.Storage.Tests.Compliance;

namespace Errand.Storage.Tests.Sqlite;

public sealed class SqliteMigrationTests : MigrationCompliance
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<IErrandStore> OpenStoreAsync(TimeProvider time) => _database.OpenAsync(time);

    protected override Task MarkSchemaNewerThanCodeAsync()
    {
        _database.Execute("PRAGMA user_version = 9999");
        return Task.CompletedTask;
    }

    protected override ValueTask CleanUpAsync()
    {
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task InstallationId_AnotherDatabase_AnotherId()
    {
        using var other = new SqliteTestDatabase();
        await using var otherStore = await other.OpenAsync(TimeProvider.System);

        var store = await CreateStoreAsync();

        Assert.NotEqual(await otherStore.InstallationIdAsync(Ct), await store.InstallationIdAsync(Ct));
    }

    [Fact]
    public async Task Open_NewFile_WalModeAndCurrentSchemaVersion()
    {
        await CreateStoreAsync();

        Assert.Equal("wal", _database.Scalar("PRAGMA journal_mode"));
        Assert.True(Convert.ToInt64(_database.Scalar("PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(4L, _database.Scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('tasks', 'journal', 'checkpoints', 'outbox')"));
    }
}
