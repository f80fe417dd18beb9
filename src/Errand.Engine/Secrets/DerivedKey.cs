namespace Errand.Engine.Secrets;

/// <summary>A key derived from the secret store's key for one purpose (<see cref="SecretStore.DeriveKeyAsync"/>).</summary>
/// <param name="Key">The 256-bit derived key: held in memory only, never written or logged.</param>
/// <param name="KeyId">The fingerprint of the store's key it came from, as <c>secrets.json</c> records it.</param>
/// <param name="KeyFile">The key file it came from.</param>
public sealed record DerivedKey(byte[] Key, string KeyId, string KeyFile);
