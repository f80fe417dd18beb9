namespace Errand.Engine.Secrets;

/// <summary>Secrets asked for by name that are not in the store; <see cref="Names"/> lists every one of them.</summary>
public sealed class MissingSecretsException : SecretStoreException
{
    /// <summary>Creates the exception for these missing names.</summary>
    public MissingSecretsException(IReadOnlyList<string> names)
        : base(Describe(names))
    {
        Names = names;
    }

    /// <summary>Creates the exception with no names.</summary>
    public MissingSecretsException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MissingSecretsException(string message)
        : base(message)
    {
        Names = [];
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public MissingSecretsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Names = [];
    }

    /// <summary>Every name that was asked for and is not stored.</summary>
    public IReadOnlyList<string> Names { get; }

    private static string Describe(IReadOnlyList<string> names) => names.Count == 1
        ? $"Secret {names[0]} is not set; set it with `errand secret set {names[0]}`."
        : $"Secrets {string.Join(", ", names)} are not set; set them with `errand secret set NAME`.";
}
