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

    /// <summary>
    /// Variables the sandbox sets itself or that steer how programs run. A secret of that name would override it:
    /// HOME or PATH pointed elsewhere, the egress proxy bypassed, a library preloaded into every program.
    /// </summary>
    public static IReadOnlyList<string> Reserved { get; } =
    [
        "HOME", "PATH", "USER", "LOGNAME", "SHELL", "PWD", "OLDPWD", "TMPDIR", "LANG", "LC_ALL", "TZ", "TERM",
        "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy",
    ];

    /// <summary>Prefixes reserved as a whole: the dynamic loader's own variables and Errand's.</summary>
    public static IReadOnlyList<string> ReservedPrefixes { get; } = ["LD_", "ERRAND_"];

    /// <summary>Why <paramref name="name"/> cannot be a secret's name, or null when it can be.</summary>
    public static string? ReservedReason(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (Reserved.Contains(name, StringComparer.Ordinal))
        {
            return $"{name} is set by the sandbox itself and a secret would override it";
        }

        return ReservedPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } prefix
            ? $"{name} starts with {prefix}, which is reserved: {(prefix == "LD_" ? "the dynamic loader of every program reads those" : "Errand sets those itself")}"
            : null;
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
