using Errand.Storage.Tests.Compliance;

namespace Errand.Storage.Tests.Postgres;

public sealed class PostgresKeyRingStoreTests : KeyRingStoreCompliance
{
    private readonly PostgresTestDatabase _database = new();

    protected override Task<IErrandStore> OpenStoreAsync(TimeProvider time) => _database.OpenAsync(time);

    protected override ValueTask CleanUpAsync() => _database.DisposeAsync();
}
