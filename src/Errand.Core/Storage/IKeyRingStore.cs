namespace Errand.Storage;

/// <summary>
/// The web dashboard's key ring (ASP.NET Core data protection, which seals antiforgery tokens): XML elements kept in the
/// store, so every <c>errand serve</c> on one database accepts the others' forms and keys survive restarts. The
/// elements hold key material: they are never logged.
/// </summary>
public interface IKeyRingStore
{
    /// <summary>Every element, oldest first.</summary>
    Task<IReadOnlyList<string>> ListKeyRingAsync(CancellationToken cancellationToken);

    /// <summary>Adds an element (a new key or a revocation) under its friendly name.</summary>
    Task AddToKeyRingAsync(string name, string xml, CancellationToken cancellationToken);
}
