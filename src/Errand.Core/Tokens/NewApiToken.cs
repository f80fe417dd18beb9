namespace Errand.Tokens;

/// <summary>A token to store: its name, scope and hash (the token itself is shown once to its creator and never stored).</summary>
/// <param name="Name">A unique name (<see cref="ApiTokens.NameRule"/>).</param>
/// <param name="Scope">What it may do.</param>
/// <param name="Hash">SHA-256 of the token, lowercase hex (<see cref="ApiTokens.Hash"/>).</param>
public sealed record NewApiToken(string Name, TokenScope Scope, string Hash)
{
    /// <summary>Throws <see cref="ArgumentException"/> unless the name follows the rule and the hash is a SHA-256 in hex.</summary>
    public void Validate()
    {
        if (!ApiTokens.IsValidName(Name))
        {
            throw new ArgumentException($"token name '{Name}': {ApiTokens.NameRule}", nameof(Name));
        }

        if (Hash is not { Length: 64 } || !Hash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("token hash must be a SHA-256 in lowercase hex", nameof(Hash));
        }
    }
}
