using System.Security.Cryptography;
using System.Text;

namespace Errand.Engine.Secrets;

/// <summary>
/// The 256-bit key that encrypts secret values. It lives outside the data directory (by default under
/// <c>~/.config/errand</c>) so a copy of the data directory or the database alone reveals no secret.
/// </summary>
internal static class SecretKeyFile
{
    public const int KeyBytes = 32;

    /// <summary>Reads the key; when <paramref name="create"/> and there is none yet, makes a random one first.</summary>
    public static async Task<byte[]?> LoadAsync(string path, bool create, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            if (!create)
            {
                return null;
            }

            var fresh = RandomNumberGenerator.GetBytes(KeyBytes);
            PrivateFile.CreateDirectory(Path.GetDirectoryName(path)!);
            // Without overwrite: if another process made a key first, theirs wins and we read it back below,
            // rather than replacing a key that may already encrypt secrets.
            await PrivateFile.WriteAtomicAsync(path, Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh) + "\n"), overwrite: false, cancellationToken);
        }

        // Like ssh with a private key: refuse a key others can read rather than use it and look safe.
        if (PrivateFile.IsExposed(path))
        {
            throw new SecretStoreException($"The secret key {path} can be read or written by other users; run `chmod 600 {path}`.");
        }

        var text = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new SecretStoreException($"The secret key {path} is not base64; it is damaged or not an Errand key.", e);
        }

        if (key.Length != KeyBytes)
        {
            throw new SecretStoreException($"The secret key {path} holds {key.Length} bytes, not {KeyBytes}; it is damaged or not an Errand key.");
        }

        return key;
    }

    /// <summary>
    /// A short fingerprint stored beside the ciphertexts, so a wrong key is named as such before any decryption.
    /// A truncated SHA-256 of a random 256-bit key reveals nothing usable about the key.
    /// </summary>
    public static string Fingerprint(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
}
