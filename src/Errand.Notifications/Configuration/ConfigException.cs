namespace Errand.Notifications.Configuration;

/// <summary>Errand's config file cannot be used; <see cref="Errors"/> names every problem by line and field.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception for <paramref name="errors"/> (at least one).</summary>
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception for a file that cannot be read at all.</summary>
    public ConfigException(string file, string message)
        : this([new ConfigError(file, 1, 1, null, message)])
    {
    }

    /// <summary>Every problem, in file order.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
