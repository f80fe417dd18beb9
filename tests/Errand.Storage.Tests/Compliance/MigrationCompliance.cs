namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="IErrandStore.MigrateAsync"/>: idempotent, safe from many processes, never downgrades.</summary>
public abstract class MigrationCompliance : StoreCompliance
{
    /// <summary>Makes this test's (existing) database look as if a newer version of Errand had migrated it.</summary>
    protected abstract Task MarkSchemaNewerThanCodeAsync();

    [Fact]
    public async Task Migrate_Again_IsIdempotentAndKeepsData()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);

        await store.MigrateAsync(Ct);
        await store.MigrateAsync(Ct);

        Assert.Equal(task, await store.GetAsync(task.Id, Ct));
        Assert.NotNull(await store.EnqueueAsync(Submission(), Ct));
    }

    [Fact]
    public async Task Open_SeveralAtOnceOnANewDatabase_AllUsable()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => CreateStoreAsync(), Ct)));

        var tasks = await Task.WhenAll(stores.Select(s => s.EnqueueAsync(Submission(), Ct)));

        Assert.Equal(4, tasks.Select(t => t.Id).Distinct().Count());
        foreach (var store in stores)
        {
            Assert.Equal(4, (await store.ListAsync(new TaskQuery(), Ct)).Count);
        }
    }

    [Fact]
    public async Task InstallationId_MadeOnce_TheSameForEveryStoreOnTheDatabase()
    {
        var first = await CreateStoreAsync();
        var id = await first.InstallationIdAsync(Ct);
        var second = await CreateStoreAsync();
        await second.MigrateAsync(Ct);

        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Equal(id, await second.InstallationIdAsync(Ct));
    }

    [Fact]
    public async Task Open_DatabaseFromANewerVersion_Refused()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync(Submission(), Ct);
        await store.DisposeAsync();
        await MarkSchemaNewerThanCodeAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateStoreAsync());

        Assert.Contains("newer", refused.Message, StringComparison.OrdinalIgnoreCase);
    }
}
