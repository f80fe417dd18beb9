using Errand.Storage.Tests.Compliance;

namespace Errand.Storage.Tests.Postgres;

public sealed class PostgresMigrationTests : MigrationCompliance
{
    private readonly PostgresTestDatabase _database = new();

    protected override Task<IErrandStore> OpenStoreAsync(TimeProvider time) => _database.OpenAsync(time);

    protected override Task MarkSchemaNewerThanCodeAsync() =>
        _database.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'from the future', now())");

    protected override ValueTask CleanUpAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Open_NewDatabase_TablesAndCurrentSchemaVersion()
    {
        await CreateStoreAsync();

        Assert.True(Convert.ToInt32(await _database.ExecuteAsync("SELECT MAX(version) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(4L, await _database.ExecuteAsync(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('tasks', 'journal', 'checkpoints', 'outbox')"));
    }
}
