namespace Errand.Engine.Secrets;

/// <summary>Secret values by name, for the worker to inject into a task's sandbox.</summary>
public interface ISecretSource
{
    /// <summary>The values of <paramref name="names"/>.</summary>
    /// <exception cref="MissingSecretsException">Some names are not set; the exception lists all of them.</exception>
    /// <exception cref="SecretStoreException">The values cannot be read (a missing or wrong key, a damaged file).</exception>
    Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<string> names, CancellationToken cancellationToken = default);

    /// <summary>
    /// A keyed digest (HMAC-SHA256 under a key only this source holds) of the names and values: equal for the same
    /// secrets with the same values, telling nothing about a value to whoever sees it without the key.
    /// </summary>
    /// <exception cref="SecretStoreException">The key cannot be read.</exception>
    Task<string> DigestAsync(IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken = default);
}
