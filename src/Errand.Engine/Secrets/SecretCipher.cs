using System.Security.Cryptography;
using System.Text;

namespace Errand.Engine.Secrets;

/// <summary>AES-256-GCM over one secret value, bound to its name.</summary>
internal static class SecretCipher
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static SecretEntry Encrypt(byte[] key, string name, string value, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        // A fresh random nonce per encryption: GCM's guarantees collapse if a nonce is ever reused with one key.
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var plaintext = Encoding.UTF8.GetBytes(value);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(name));
        CryptographicOperations.ZeroMemory(plaintext);
        return new SecretEntry(createdAt, updatedAt, Convert.ToBase64String(nonce), Convert.ToBase64String(ciphertext), Convert.ToBase64String(tag));
    }

    /// <summary>Decrypts; a wrong key, an edited file or an entry moved under another name all fail authentication.</summary>
    public static string Decrypt(byte[] key, string name, SecretEntry entry)
    {
        var ciphertext = Convert.FromBase64String(entry.Ciphertext);
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(Convert.FromBase64String(entry.Nonce), ciphertext, Convert.FromBase64String(entry.Tag), plaintext, AssociatedData(name));
        var value = Encoding.UTF8.GetString(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        return value;
    }

    // The name is authenticated with the value, so swapping two entries in the file cannot swap what a task receives.
    private static byte[] AssociatedData(string name) => Encoding.UTF8.GetBytes("errand-secret-v1:" + name);
}
