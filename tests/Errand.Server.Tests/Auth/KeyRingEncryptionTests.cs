using System.Security.Cryptography;
using System.Xml.Linq;
using Errand.Server.Auth;
using Errand.Engine.Secrets;
using Errand.Engine.Tasks;
using Errand.Server.Hosting;
using Errand.Server.Tests.Support;
using Errand.Storage;
using Errand.Storage.Postgres;
using Errand.Tests.Shared;
using Errand.Tests.Shared.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Errand.Server.Tests.Auth;

/// <summary>
/// The dashboard's key ring in the store: each key's secret encrypted under the secret store's key, and a key stored
/// in clear by an earlier Errand revoked at start, so what it sealed is refused and a database dump opens nothing: on
/// SQLite and on PostgreSQL.
/// </summary>
public sealed class KeyRingEncryptionTests
{
    [Fact]
    public async Task Start_RingWithAKeyInClear_KeyRevokedAndItsPayloadsRefused_NewKeyEncrypted()
    {
        string sealedBefore = "";
        var clearKeys = new List<string>();
        await using var server = await ServerHarness.StartAsync(seed: store =>
        {
            sealedBefore = SealUnderAKeyInClear(store, clearKeys);
            return Task.CompletedTask;
        });

        await AssertUpgradedAsync(server.App.Services, server.Store, server.Secrets, sealedBefore, clearKeys);
    }

    [Fact]
    public async Task Start_OnPostgres_RingWithAKeyInClear_KeyRevokedAndItsPayloadsRefused_NewKeyEncrypted()
    {
        // The same start on a PostgreSQL store (a schema of its own): the server as `errand serve --store` builds it.
        var (schema, connection) = await PostgresServer.CreateSchemaAsync();
        using var repo = new TempGitRepo();
        try
        {
            await using var store = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connection }, CancellationToken.None);
            var clearKeys = new List<string>();
            var sealedBefore = SealUnderAKeyInClear(store, clearKeys);
            var secrets = new SecretStore(repo.DataDir, new SecretStoreOptions { KeyFile = Path.Combine(repo.Root, "keys", "secret.key") });
            var services = new ServerServices(store, new TaskTransitions(store), TimeProvider.System, NullLoggerFactory.Instance)
            {
                KeyRing = await KeyRingCipher.OpenAsync(store, secrets, CancellationToken.None),
            };
            await using var app = ErrandServer.Build(services, new ServerOptions { Listen = "http://127.0.0.1:0" });

            await AssertUpgradedAsync(app.Services, store, secrets, sealedBefore, clearKeys);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task Decrypt_AlteredOrUnderAnotherKey_Refused()
    {
        await using var server = await ServerHarness.StartAsync();
        var cipher = await KeyRingCipher.OpenAsync(server.Store, server.Secrets, CancellationToken.None);
        var encrypted = cipher.Encrypt(new XElement("masterKey", new XElement("value", "c2VjcmV0")));
        Assert.Equal("c2VjcmV0", cipher.Decrypt(encrypted).Element("value")!.Value);

        var altered = new XElement(encrypted);
        var bytes = Convert.FromBase64String(altered.Value);
        bytes[0] ^= 1;
        altered.Value = Convert.ToBase64String(bytes);
        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(altered));

        var other = new XElement(encrypted);
        other.SetAttributeValue("key", "0000000000000000");
        Assert.Contains("fingerprint 0000000000000000", Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(other)).Message, StringComparison.Ordinal);
    }

    // Seals a payload as an earlier Errand did: data protection with no encryptor, its key's secret stored in clear.
    private static string SealUnderAKeyInClear(IKeyRingStore store, List<string> clearKeys)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("errand")
            .AddKeyManagementOptions(keys => keys.XmlRepository = new Seeding(store, clearKeys));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("signed in");
    }

    // After start: the key in clear revoked and what it sealed refused; a new key whose secret is encrypted under the
    // secret store's key and is in no stored element.
    private static async Task AssertUpgradedAsync(IServiceProvider app, IKeyRingStore store, SecretStore secrets, string sealedBefore, List<string> clearKeys)
    {
        var clear = XElement.Parse(Assert.Single(clearKeys));
        Assert.NotEmpty(clear.Descendants("masterKey"));

        var protector = app.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie");
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedBefore));
        Assert.Equal("now", protector.Unprotect(protector.Protect("now")));

        var stored = await store.ListKeyRingAsync(CancellationToken.None);
        var ring = stored.Select(XElement.Parse).ToList();
        var revocation = Assert.Single(ring, e => e.Name == "revocation");
        Assert.Equal(clear.Attribute("id")!.Value, revocation.Element("key")!.Attribute("id")!.Value);
        var fresh = Assert.Single(ring, e => e.Name == "key" && e.Attribute("id")!.Value != clear.Attribute("id")!.Value);
        Assert.Empty(fresh.Descendants("masterKey"));
        var encrypted = Assert.Single(fresh.Descendants(KeyRingCipher.Element));
        var cipher = await KeyRingCipher.OpenAsync(store, secrets, CancellationToken.None);
        var secret = cipher.Decrypt(encrypted).Descendants("value").Single().Value;
        Assert.All(stored, xml => Assert.DoesNotContain(secret, xml, StringComparison.Ordinal));
        Assert.Equal([Guid.Parse(clear.Attribute("id")!.Value)], cipher.ClearKeys);
    }

    // Writes what data protection stores straight to the store, as Errand's repository did before it encrypted.
    private sealed class Seeding(IKeyRingStore store, List<string> written) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => [.. written.Select(XElement.Parse)];

        public void StoreElement(XElement element, string friendlyName)
        {
            var xml = element.ToString(SaveOptions.DisableFormatting);
            written.Add(xml);
            Task.Run(() => store.AddToKeyRingAsync(friendlyName, xml, CancellationToken.None)).GetAwaiter().GetResult();
        }
    }
}
