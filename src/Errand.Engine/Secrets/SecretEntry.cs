namespace Errand.Engine.Secrets;

/// <summary>One encrypted secret in <c>secrets.json</c>; nonce, ciphertext and tag are base64.</summary>
internal sealed record SecretEntry(DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Nonce, string Ciphertext, string Tag);
