namespace Errand.Secrets;

/// <summary>Secret names are environment-variable names, because that is how a sandbox receives them.</summary>
public static class SecretName
{
    /// <summary>True when <paramref name="name"/> matches <c>^[A-Z_][A-Z0-9_]*$</c>.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the rule when <paramref name="name"/> is not valid.</summary>
    public static void Validate(string? name)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid secret name: use an environment-variable name (A-Z, 0-9 and _, not starting with a digit).",
                nameof(name));
        }
    }
}
