namespace Errand.Engine.Secrets;

/// <summary>The shape of <c>secrets.json</c>: values only ever as AES-GCM ciphertext, under the key named by <see cref="KeyId"/>.</summary>
internal sealed record SecretDocument(int Version, string? KeyId, Dictionary<string, SecretEntry> Secrets)
{
    public const int CurrentVersion = 1;

    public static SecretDocument Empty() => new(CurrentVersion, null, new Dictionary<string, SecretEntry>(StringComparer.Ordinal));
}
