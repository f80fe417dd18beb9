using Errand.Tokens;

namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="ITokenStore"/>: tokens by hash, unique names, revocation that sticks.</summary>
public abstract class TokenStoreCompliance : StoreCompliance
{
    [Fact]
    public async Task AddToken_New_FoundByItsHashWithItsScope()
    {
        var store = await CreateStoreAsync();
        var token = ApiTokens.Generate();

        var added = await store.AddTokenAsync(new NewApiToken("ci", TokenScope.Submit, ApiTokens.Hash(token)), Ct);

        Assert.NotNull(added);
        Assert.Equal("ci", added.Name);
        Assert.Equal(TokenScope.Submit, added.Scope);
        Assert.Equal(Time.GetUtcNow(), added.CreatedAt);
        Assert.Null(added.RevokedAt);
        Assert.Equal(added, await store.FindTokenAsync(ApiTokens.Hash(token), Ct));
    }

    [Fact]
    public async Task AddToken_NameTaken_ReturnsNullAndKeepsTheFirst()
    {
        var store = await CreateStoreAsync();
        var first = ApiTokens.Hash(ApiTokens.Generate());
        await store.AddTokenAsync(new NewApiToken("ci", TokenScope.Read, first), Ct);

        Assert.Null(await store.AddTokenAsync(new NewApiToken("ci", TokenScope.Admin, ApiTokens.Hash(ApiTokens.Generate())), Ct));

        var kept = Assert.Single(await store.ListTokensAsync(Ct));
        Assert.Equal(TokenScope.Read, kept.Scope);
        Assert.Equal(first, kept.Hash);
    }

    [Theory]
    [InlineData("", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("-starts-with-dash", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("ok", "not-a-hash")]
    [InlineData("ok", "ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    public async Task AddToken_Invalid_RefusedWithoutWriting(string name, string hash)
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AddTokenAsync(new NewApiToken(name, TokenScope.Read, hash), Ct));

        Assert.Empty(await store.ListTokensAsync(Ct));
    }

    [Fact]
    public async Task FindToken_UnknownHash_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await store.AddTokenAsync(new NewApiToken("ci", TokenScope.Read, ApiTokens.Hash(ApiTokens.Generate())), Ct);

        Assert.Null(await store.FindTokenAsync(ApiTokens.Hash(ApiTokens.Generate()), Ct));
    }

    [Fact]
    public async Task RevokeToken_Valid_NoLongerFoundButStillListed()
    {
        var store = await CreateStoreAsync();
        var token = ApiTokens.Generate();
        await store.AddTokenAsync(new NewApiToken("laptop", TokenScope.Answer, ApiTokens.Hash(token)), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await store.RevokeTokenAsync("laptop", Ct));

        Assert.Null(await store.FindTokenAsync(ApiTokens.Hash(token), Ct));
        var listed = Assert.Single(await store.ListTokensAsync(Ct));
        Assert.Equal(Time.GetUtcNow(), listed.RevokedAt);
        Assert.False(await store.RevokeTokenAsync("laptop", Ct));
        Assert.False(await store.RevokeTokenAsync("nobody", Ct));
    }

    [Fact]
    public async Task AddToken_SeenByAnotherInstance()
    {
        var store = await CreateStoreAsync();
        var other = await OpenAnotherAsync();
        var token = ApiTokens.Generate();

        await store.AddTokenAsync(new NewApiToken("shared", TokenScope.Admin, ApiTokens.Hash(token)), Ct);

        Assert.Equal("shared", (await other.FindTokenAsync(ApiTokens.Hash(token), Ct))?.Name);
    }
}
