namespace Errand.Engine.Secrets;

/// <summary>Secret values by name, for the worker to inject into a task's sandbox.</summary>
public interface ISecretSource
{
    /// <summary>The values of <paramref name="names"/>.</summary>
    /// <exception cref="MissingSecretsException">Some names are not set; the exception lists all of them.</exception>
    /// <exception cref="SecretStoreException">The values cannot be read (a missing or wrong key, a damaged file).</exception>
    Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<string> names, CancellationToken cancellationToken = default);
}
