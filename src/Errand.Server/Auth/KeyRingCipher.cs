using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Errand.Engine.Secrets;
using Errand.Storage;

namespace Errand.Server.Auth;

/// <summary>
/// Encrypts the secret part of each data protection key (the key that seals sign-in cookies and form tokens) before it
/// is stored: AES-256-GCM under a key derived from the secret store's key, which lives outside the data directory and
/// the database. A dump of the database then holds no key that opens a cookie. Every host serving one store must hold
/// the same key file (as they must to read each other's secrets); <see cref="OpenAsync"/> refuses a host that does not.
/// </summary>
public sealed class KeyRingCipher
{
    /// <summary>The element that replaces a key's secret in the stored ring.</summary>
    public static readonly XName Element = "errandKeyRingSecret";

    private const string Purpose = "errand-key-ring-v1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key;

    private KeyRingCipher(DerivedKey key, IReadOnlyList<Guid> clearKeys)
    {
        _key = key.Key;
        KeyId = key.KeyId;
        ClearKeys = clearKeys;
    }

    /// <summary>The fingerprint of the secret key in use, recorded on every element it encrypts.</summary>
    public string KeyId { get; }

    /// <summary>Keys stored in clear before the ring was encrypted: revoked at start (<see cref="KeyRingUpgrade"/>).</summary>
    public IReadOnlyList<Guid> ClearKeys { get; }

    /// <summary>
    /// The cipher for the ring in <paramref name="store"/>, under <paramref name="secrets"/>' key (made now when there is
    /// none, no secret is stored and the ring holds nothing encrypted yet).
    /// </summary>
    /// <exception cref="SecretStoreException">
    /// The ring was encrypted under another key, or under a key this host lacks: the message names both fingerprints and the file.
    /// </exception>
    public static async Task<KeyRingCipher> OpenAsync(IKeyRingStore store, SecretStore secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(secrets);
        var ring = (await store.ListKeyRingAsync(cancellationToken)).Select(XElement.Parse).ToList();
        var used = ring.SelectMany(e => e.DescendantsAndSelf(Element)).Select(e => (string?)e.Attribute("key") ?? "").Distinct(StringComparer.Ordinal).ToList();
        var key = await secrets.DeriveKeyAsync(Purpose, create: used.Count == 0, cancellationToken)
            ?? throw new SecretStoreException(
                $"The dashboard's key ring in the store is encrypted under the secret key with fingerprint {string.Join(", ", used)}, and this host has no key at {secrets.KeyFile}: " +
                $"copy the key file from a host that serves this store (or point {SecretStoreOptions.KeyFileVariable} at it).");
        if (used.FirstOrDefault(id => id != key.KeyId) is { } other)
        {
            CryptographicOperations.ZeroMemory(key.Key);
            throw new SecretStoreException(
                $"The dashboard's key ring in the store is encrypted under the secret key with fingerprint {other}, but {key.KeyFile} has fingerprint {key.KeyId}: " +
                $"every host serving one store needs the same key file (point {SecretStoreOptions.KeyFileVariable} at a copy of it).");
        }

        return new KeyRingCipher(key, ClearKeysIn(ring));
    }

    /// <summary>The encrypted form of <paramref name="secret"/> (a key's <c>masterKey</c> element).</summary>
    public XElement Encrypt(XElement secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        // A fresh random nonce per encryption: GCM's guarantees collapse if a nonce is ever reused with one key.
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var plaintext = Encoding.UTF8.GetBytes(secret.ToString(SaveOptions.DisableFormatting));
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(KeyId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return new XElement(Element,
            new XAttribute("version", "1"),
            new XAttribute("key", KeyId),
            new XAttribute("nonce", Convert.ToBase64String(nonce)),
            new XAttribute("tag", Convert.ToBase64String(tag)),
            Convert.ToBase64String(ciphertext));
    }

    /// <summary>The secret an element of <see cref="Encrypt"/> holds.</summary>
    /// <exception cref="CryptographicException">Another key encrypted it, or it was altered.</exception>
    public XElement Decrypt(XElement encrypted)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        var keyId = (string?)encrypted.Attribute("key") ?? "";
        if (encrypted.Name != Element || keyId != KeyId)
        {
            throw new CryptographicException(string.Create(CultureInfo.InvariantCulture,
                $"This key ring element was encrypted under the secret key with fingerprint {keyId}; this host's key has fingerprint {KeyId}."));
        }

        var ciphertext = Convert.FromBase64String(encrypted.Value);
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(Convert.FromBase64String((string)encrypted.Attribute("nonce")!), ciphertext,
                Convert.FromBase64String((string)encrypted.Attribute("tag")!), plaintext, AssociatedData(keyId));
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    // Keys whose secret is stored as it is (rings written before they were encrypted).
    private static List<Guid> ClearKeysIn(IEnumerable<XElement> ring) =>
        [.. ring.Where(e => e.Name == "key" && e.Descendants("masterKey").Any() && Guid.TryParse((string?)e.Attribute("id"), out _))
            .Select(e => Guid.Parse((string)e.Attribute("id")!))];

    private static byte[] AssociatedData(string keyId) => Encoding.UTF8.GetBytes($"{Purpose}:{keyId}");
}
