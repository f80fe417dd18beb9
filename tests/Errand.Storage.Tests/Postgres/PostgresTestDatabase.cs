using Errand.Storage.Postgres;
using Errand.Tests.Shared.Postgres;

namespace Errand.Storage.Tests.Postgres;

/// <summary>A store location of the test's own (a schema in the shared test database), made on first use, dropped at the end.</summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly Lazy<Task<(string Name, string ConnectionString)>> _database = new(PostgresServer.CreateSchemaAsync);

    public Task<string> ConnectionStringAsync() => ConnectionStringCore();

    public async Task<IErrandStore> OpenAsync(TimeProvider time) =>
        await PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = await ConnectionStringAsync(), TimeProvider = time },
            TestContext.Current.CancellationToken);

    /// <summary>The schema's name; also the application name of the store's connections.</summary>
    public async Task<string> NameAsync() => (await _database.Value).Name;

    /// <summary>Runs a statement in the test's schema, as another program would.</summary>
    public async Task<object?> ExecuteAsync(string sql) => await PostgresServer.ExecuteAsync(await ConnectionStringAsync(), sql);

    public async ValueTask DisposeAsync()
    {
        if (_database.IsValueCreated)
        {
            await PostgresServer.DropSchemaAsync((await _database.Value).Name);
        }
    }

    private async Task<string> ConnectionStringCore() => (await _database.Value).ConnectionString;
}
