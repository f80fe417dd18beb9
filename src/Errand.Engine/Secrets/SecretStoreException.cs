namespace Errand.Engine.Secrets;

/// <summary>The secret store cannot do what was asked: a missing or wrong key, a damaged file, a lock held too long.</summary>
public class SecretStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecretStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SecretStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SecretStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
