namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="IKeyRingStore"/>: elements kept as given, oldest first, seen by every process on the database.</summary>
public abstract class KeyRingStoreCompliance : StoreCompliance
{
    [Fact]
    public async Task AddToKeyRing_TwoElements_ListedInOrderByAnotherStoreOnTheDatabase()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ListKeyRingAsync(Ct));
        const string key = """<key id="6f1c3c4e-0000-4000-8000-000000000001" version="1"><descriptor><masterKey>c2VjcmV0&lt;&amp;</masterKey></descriptor></key>""";
        const string revocation = """<revocation version="1"><revocationDate>2026-12-02T14:00:00Z</revocationDate><key id="*" /></revocation>""";

        await store.AddToKeyRingAsync("key-6f1c3c4e", key, Ct);
        await store.AddToKeyRingAsync("revocation-20261202", revocation, Ct);

        var other = await OpenAnotherAsync();
        Assert.Equal([key, revocation], await other.ListKeyRingAsync(Ct));
    }

    [Fact]
    public async Task AddToKeyRing_EmptyXml_Refused()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AddToKeyRingAsync("key-1", " ", Ct));
        Assert.Empty(await store.ListKeyRingAsync(Ct));
    }
}
