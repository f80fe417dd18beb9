namespace Errand.Engine.Secrets;

/// <summary>Where the secret store keeps its encryption key.</summary>
public sealed class SecretStoreOptions
{
    /// <summary>The environment variable that overrides the key file's path.</summary>
    public const string KeyFileVariable = "ERRAND_SECRET_KEY_FILE";

    /// <summary>
    /// The key file; when null, <c>$ERRAND_SECRET_KEY_FILE</c>, else <c>$XDG_CONFIG_HOME/errand/secret.key</c>,
    /// else <c>~/.config/errand/secret.key</c>.
    /// </summary>
    public string? KeyFile { get; init; }

    /// <summary>How long to wait for another writer's lock before giving up.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The key file this configuration points at.</summary>
    public string ResolveKeyFile()
    {
        if (!string.IsNullOrWhiteSpace(KeyFile))
        {
            return Path.GetFullPath(KeyFile);
        }

        if (Environment.GetEnvironmentVariable(KeyFileVariable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrWhiteSpace(config))
        {
            config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return Path.Combine(config, "errand", "secret.key");
    }
}
