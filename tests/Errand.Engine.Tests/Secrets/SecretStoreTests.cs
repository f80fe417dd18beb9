using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Errand.Engine.Secrets;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Engine.Tests.Secrets;

// File modes are the point of several tests here, and Errand's secrets run on Unix hosts.
[UnsupportedOSPlatform("windows")]
public sealed class SecretStoreTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string Value = "ghp_Very-Secret/Value+42";

    private readonly string _root = Directory.CreateTempSubdirectory("errand-secrets-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private string DataDir => Path.Combine(_root, "data");

    private string KeyFile => Path.Combine(_root, "config", "errand", "secret.key");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task SetAsync_ThenGetAsync_ReturnsTheValue()
    {
        var store = NewStore();

        await store.SetAsync("API_TOKEN", Value);
        await store.SetAsync("OTHER", "other-value");

        var values = await NewStore().GetAsync(["API_TOKEN", "OTHER"]);
        Assert.Equal(Value, values["API_TOKEN"]);
        Assert.Equal("other-value", values["OTHER"]);
    }

    [Fact]
    public async Task SetAsync_CreatesKeyAndSecretsFilesReadableOnlyByOwner()
    {
        await NewStore().SetAsync("API_TOKEN", Value);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(KeyFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(DataDir, "secrets.json")));
        Assert.False(File.Exists(Path.Combine(DataDir, "secret.key")));
        Assert.Empty(Directory.GetFiles(DataDir, "*.tmp-*"));
    }

    [Fact]
    public async Task SetAsync_ValueNeverStoredInPlainBase64OrHex()
    {
        var store = NewStore();
        await store.SetAsync("API_TOKEN", Value);
        await store.SetAsync("API_TOKEN", Value + "2");
        await store.SetAsync("API_TOKEN", Value);

        var bytes = await File.ReadAllBytesAsync(store.FilePath);
        var text = Encoding.UTF8.GetString(bytes);
        var raw = Encoding.UTF8.GetBytes(Value);
        Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(raw));
        Assert.DoesNotContain(Convert.ToBase64String(raw)[..16], text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(raw)[..16], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Value, await File.ReadAllTextAsync(KeyFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_NamesAndTimes_NeverValues()
    {
        var store = NewStore();
        await store.SetAsync("B_TOKEN", Value);
        var created = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromHours(1));
        await store.SetAsync("A_TOKEN", "first");
        _clock.Advance(TimeSpan.FromHours(1));
        await store.SetAsync("A_TOKEN", "second");

        var list = await store.ListAsync();

        Assert.Equal(["A_TOKEN", "B_TOKEN"], list.Select(s => s.Name));
        Assert.Equal(created.AddHours(1), list[0].CreatedAt);
        Assert.Equal(created.AddHours(2), list[0].UpdatedAt);
        Assert.Equal(created, list[1].CreatedAt);
        Assert.DoesNotContain(Value, JsonSerializer.Serialize(list), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PATH")]
    [InlineData("HTTP_PROXY")]
    [InlineData("LD_LIBRARY_PATH")]
    [InlineData("ERRAND_ROUND")]
    public async Task SetAsync_ReservedName_IsRefused_NothingStored(string name)
    {
        var store = NewStore();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync(name, "some-value-1234"));

        Assert.Contains("cannot be a secret's name", e.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task DigestAsync_SameSecrets_Equal_AnyChange_Differs_KeyedNotAPlainHash()
    {
        var store = NewStore();
        await store.SetAsync("API_TOKEN", Value);
        var other = new SecretStore(Path.Combine(_root, "elsewhere"), new SecretStoreOptions { KeyFile = Path.Combine(_root, "other.key") });
        await other.SetAsync("API_TOKEN", Value);

        var digest = await store.DigestAsync(new Dictionary<string, string> { ["API_TOKEN"] = Value });

        Assert.Equal(digest, await store.DigestAsync(new Dictionary<string, string> { ["API_TOKEN"] = Value }));
        Assert.NotEqual(digest, await store.DigestAsync(new Dictionary<string, string> { ["API_TOKEN"] = Value + "x" }));
        Assert.NotEqual(digest, await store.DigestAsync(new Dictionary<string, string> { ["OTHER_TOKEN"] = Value }));
        Assert.NotEqual(digest, await store.DigestAsync(new Dictionary<string, string> { ["API_TOKEN"] = Value, ["B"] = "b-value" }));
        // Keyed: another data directory's key gives another digest, and none is a plain hash anyone could recompute.
        Assert.NotEqual(digest, await other.DigestAsync(new Dictionary<string, string> { ["API_TOKEN"] = Value }));
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Value))), digest);
        Assert.DoesNotContain(Value, digest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_NoFile_IsEmpty() => Assert.Empty(await NewStore().ListAsync());

    [Fact]
    public async Task RemoveAsync_ExistingAndMissing_ReportsWhetherItRemoved()
    {
        var store = NewStore();
        await store.SetAsync("API_TOKEN", Value);

        Assert.True(await store.RemoveAsync("API_TOKEN"));
        Assert.False(await store.RemoveAsync("API_TOKEN"));
        Assert.False(await NewStore().RemoveAsync("NEVER_SET"));
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task GetAsync_MissingNames_ThrowsNamingEveryOne()
    {
        var store = NewStore();
        await store.SetAsync("PRESENT", Value);

        var e = await Assert.ThrowsAsync<MissingSecretsException>(() => store.GetAsync(["PRESENT", "ZETA", "ALPHA"]));

        Assert.Equal(["ALPHA", "ZETA"], e.Names);
        Assert.Contains("ALPHA", e.Message, StringComparison.Ordinal);
        Assert.Contains("ZETA", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_WrongKey_FailsClearly()
    {
        await NewStore().SetAsync("API_TOKEN", Value);
        var otherKey = Path.Combine(_root, "other.key");
        await new SecretStore(Path.Combine(_root, "elsewhere"), new SecretStoreOptions { KeyFile = otherKey }, _clock).SetAsync("UNRELATED", "unrelated-value");
        var wrong = NewStore(otherKey);

        var e = await Assert.ThrowsAsync<SecretStoreException>(() => wrong.GetAsync(["API_TOKEN"]));
        Assert.Contains("different key", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SecretStoreException>(() => wrong.SetAsync("MORE", "more-value"));
    }

    [Fact]
    public async Task GetAsync_TamperedEntryUnderSameKey_FailsAuthentication()
    {
        var store = NewStore();
        await store.SetAsync("FIRST", "first-value");
        await store.SetAsync("SECOND", "second-value");
        // Swap the two entries: the name is authenticated with the value, so neither decrypts under the other's name.
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(store.FilePath));
        var secrets = document.RootElement.GetProperty("secrets");
        var swapped = new Dictionary<string, object>
        {
            ["version"] = 1,
            ["key_id"] = document.RootElement.GetProperty("key_id").GetString()!,
            ["secrets"] = new Dictionary<string, JsonElement> { ["FIRST"] = secrets.GetProperty("SECOND"), ["SECOND"] = secrets.GetProperty("FIRST") },
        };
        await File.WriteAllTextAsync(store.FilePath, JsonSerializer.Serialize(swapped));

        var e = await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync(["FIRST"]));
        Assert.Contains("cannot be decrypted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_KeyFileMissing_FailsClearly()
    {
        await NewStore().SetAsync("API_TOKEN", Value);
        File.Delete(KeyFile);

        var e = await Assert.ThrowsAsync<SecretStoreException>(() => NewStore().GetAsync(["API_TOKEN"]));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAsync_KeyFileMissingButSecretsStored_RefusesToMakeANewKey()
    {
        await NewStore().SetAsync("API_TOKEN", Value);
        File.Delete(KeyFile);

        var e = await Assert.ThrowsAsync<SecretStoreException>(() => NewStore().SetAsync("MORE", "more-value"));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyFile));
    }

    [Fact]
    public async Task SetAsync_WhileAnotherWriterHoldsTheLock_WaitsThenGivesUpClearly()
    {
        Directory.CreateDirectory(DataDir);
        var lockPath = Path.Combine(DataDir, "secrets.lock");
        var store = new SecretStore(DataDir, new SecretStoreOptions { KeyFile = KeyFile, LockTimeout = TimeSpan.FromMilliseconds(50) }, _clock);

        using (await SecretFileLock.AcquireAsync(lockPath, TimeSpan.FromSeconds(1), CancellationToken.None))
        {
            var e = await Assert.ThrowsAsync<SecretStoreException>(() => store.SetAsync("API_TOKEN", Value));
            Assert.Contains("secrets.lock", e.Message, StringComparison.Ordinal);
        }

        await store.SetAsync("API_TOKEN", Value);
        Assert.Single(await store.ListAsync());
    }

    [Fact]
    public async Task GetAsync_KeyReadableByOthers_IsRefused()
    {
        await NewStore().SetAsync("API_TOKEN", Value);
        File.SetUnixFileMode(KeyFile, OwnerReadWrite | UnixFileMode.OtherRead);

        var e = await Assert.ThrowsAsync<SecretStoreException>(() => NewStore().GetAsync(["API_TOKEN"]));
        Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAsync_ConcurrentFromTwoInstances_LosesNoWrite()
    {
        var first = NewStore();
        var second = NewStore();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).SetAsync($"S_{i}", $"value-number-{i}"))));

        var list = await first.ListAsync();
        Assert.Equal(40, list.Count);
        var values = await second.GetAsync(list.Select(s => s.Name));
        Assert.Equal("value-number-7", values["S_7"]);
    }

    [Theory]
    [InlineData("lower")]
    [InlineData("1ABC")]
    [InlineData("A-B")]
    [InlineData("")]
    public async Task SetAsync_InvalidName_Throws(string name) =>
        await Assert.ThrowsAsync<ArgumentException>(() => NewStore().SetAsync(name, Value));

    [Fact]
    public void Options_KeyFile_DefaultsOutsideTheDataDirectory()
    {
        var resolved = new SecretStoreOptions().ResolveKeyFile();

        Assert.EndsWith(Path.Combine("errand", "secret.key"), resolved, StringComparison.Ordinal);
        Assert.Equal(KeyFile, new SecretStoreOptions { KeyFile = KeyFile }.ResolveKeyFile());
    }

    private SecretStore NewStore(string? keyFile = null) =>
        new(DataDir, new SecretStoreOptions { KeyFile = keyFile ?? KeyFile }, _clock);
}
