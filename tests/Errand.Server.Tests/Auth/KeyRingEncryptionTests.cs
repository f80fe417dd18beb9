using System.Security.Cryptography;
using System.Xml.Linq;
using Errand.Server.Auth;
using Errand.Server.Tests.Support;
using Errand.Storage.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Server.Tests.Auth;

/// <summary>
/// The dashboard's key ring in the store: each key's secret encrypted under the secret store's key, and a key stored
/// in clear by an earlier Errand revoked at start, so what it sealed is refused and a database dump opens nothing.
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
            // The ring as an earlier Errand left it: data protection with no encryptor, its key's secret in clear.
            var services = new ServiceCollection();
            services.AddDataProtection().SetApplicationName("errand")
                .AddKeyManagementOptions(keys => keys.XmlRepository = new Seeding(store, clearKeys));
            using var provider = services.BuildServiceProvider();
            sealedBefore = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("signed in");
            return Task.CompletedTask;
        });
        var clear = XElement.Parse(Assert.Single(clearKeys));
        Assert.NotEmpty(clear.Descendants("masterKey"));

        var protector = server.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie");
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedBefore));
        Assert.Equal("now", protector.Unprotect(protector.Protect("now")));

        var ring = (await server.Store.ListKeyRingAsync(CancellationToken.None)).Select(XElement.Parse).ToList();
        var revocation = Assert.Single(ring, e => e.Name == "revocation");
        Assert.Equal(clear.Attribute("id")!.Value, revocation.Element("key")!.Attribute("id")!.Value);
        var fresh = Assert.Single(ring, e => e.Name == "key" && e.Attribute("id")!.Value != clear.Attribute("id")!.Value);
        Assert.Empty(fresh.Descendants("masterKey"));
        var encrypted = Assert.Single(fresh.Descendants(KeyRingCipher.Element));
        var cipher = await KeyRingCipher.OpenAsync(server.Store, server.Secrets, CancellationToken.None);
        var secret = cipher.Decrypt(encrypted).Descendants("value").Single().Value;
        Assert.DoesNotContain(secret, fresh.ToString(), StringComparison.Ordinal);
        Assert.Equal([Guid.Parse(clear.Attribute("id")!.Value)], cipher.ClearKeys);
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

    // Writes what data protection stores straight to the store, as Errand's repository did before it encrypted.
    private sealed class Seeding(SqliteStore store, List<string> written) : IXmlRepository
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
