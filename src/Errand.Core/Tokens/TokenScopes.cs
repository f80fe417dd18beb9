namespace Errand.Tokens;

/// <summary>Wire names of <see cref="TokenScope"/> and what each grants.</summary>
public static class TokenScopes
{
    /// <summary>The wire names, for messages.</summary>
    public const string Expected = "read, submit, answer or admin";

    /// <summary>The lowercase name used in the store, the API and the CLI.</summary>
    public static string ToWireName(this TokenScope scope) => scope switch
    {
        TokenScope.Read => "read",
        TokenScope.Submit => "submit",
        TokenScope.Answer => "answer",
        TokenScope.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    /// <summary>Parses a wire name (case-insensitive).</summary>
    public static bool TryParse(string? name, out TokenScope scope)
    {
        foreach (var candidate in Enum.GetValues<TokenScope>())
        {
            if (string.Equals(name, candidate.ToWireName(), StringComparison.OrdinalIgnoreCase))
            {
                scope = candidate;
                return true;
            }
        }

        scope = default;
        return false;
    }

    /// <summary>Parses a wire name; throws <see cref="FormatException"/> for anything else.</summary>
    public static TokenScope Parse(string name) =>
        TryParse(name, out var scope) ? scope : throw new FormatException($"Unknown token scope '{name}' (expected {Expected}).");

    /// <summary>
    /// True when a token of scope <paramref name="held"/> may do what <paramref name="required"/> allows. Scopes do not
    /// nest except under admin: a submit token cannot answer questions, nor an answer token read the task list.
    /// </summary>
    public static bool Grants(this TokenScope held, TokenScope required) => held == TokenScope.Admin || held == required;
}
