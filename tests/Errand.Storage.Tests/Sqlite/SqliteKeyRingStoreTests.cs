using Errand.Storage.Tests.Compliance;

namespace Errand.Storage.Tests.Sqlite;

public sealed class SqliteKeyRingStoreTests : KeyRingStoreCompliance
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<IErrandStore> OpenStoreAsync(TimeProvider time) => _database.OpenAsync(time);

    protected override ValueTask CleanUpAsync()
    {
        _database.Dispose();
        return ValueTask.CompletedTask;
    }
}
