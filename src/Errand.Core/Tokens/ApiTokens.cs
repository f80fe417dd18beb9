using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Errand.Tokens;

/// <summary>Making and checking API tokens.</summary>
public static partial class ApiTokens
{
    /// <summary>Every token starts so, which lets secret scanners and people recognise one.</summary>
    public const string Prefix = "errand_";

    /// <summary>The rule for token names, for messages.</summary>
    public const string NameRule = "1-64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>
    /// A new token: 256 random bits from the operating system's CSPRNG. With that much entropy a plain SHA-256 is a
    /// sufficient hash to store (no guessing attack on the hash is feasible, so no slow KDF is needed).
    /// </summary>
    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 of <paramref name="token"/>, lowercase hex: what the store keeps and looks tokens up by.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// True when <paramref name="token"/> hashes to <paramref name="storedHash"/>, compared in constant time, so how
    /// long a refusal takes says nothing about how close a guess was.
    /// </summary>
    public static bool Matches(string token, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>True when <paramref name="name"/> follows <see cref="NameRule"/>.</summary>
    public static bool IsValidName([NotNullWhen(true)] string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
