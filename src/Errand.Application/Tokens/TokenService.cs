using Errand.Storage;
using Errand.Tokens;

namespace Errand.Application.Tokens;

/// <summary>Creating, listing, revoking and checking API tokens (<c>errand token</c> and the API's token routes).</summary>
/// <param name="store">Where token hashes are kept.</param>
public sealed class TokenService(ITokenStore store)
{
    /// <summary>Creates a token; null when the name is taken. Throws <see cref="ArgumentException"/> for a bad name.</summary>
    /// <param name="name">Its unique name.</param>
    /// <param name="scope">What it may do.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public async Task<CreatedToken?> CreateAsync(string name, TokenScope scope, CancellationToken cancellationToken)
    {
        var token = ApiTokens.Generate();
        var record = await store.AddTokenAsync(new NewApiToken(name, scope, ApiTokens.Hash(token)), cancellationToken);
        return record is null ? null : new CreatedToken(record, token);
    }

    /// <summary>Every token (never the tokens themselves: only names, scopes and dates).</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    public Task<IReadOnlyList<ApiTokenRecord>> ListAsync(CancellationToken cancellationToken) => store.ListTokensAsync(cancellationToken);

    /// <summary>Revokes a token by name; false when there is no valid one by that name.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public Task<bool> RevokeAsync(string name, CancellationToken cancellationToken) => store.RevokeTokenAsync(name, cancellationToken);

    /// <summary>The valid token <paramref name="presented"/> is, or null.</summary>
    /// <param name="presented">The bearer token a request carried.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public async Task<ApiTokenRecord?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!presented.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal) || presented.Length > 128)
        {
            return null;
        }

        // Found by its hash; the stored hash is compared again in constant time, so a match never rests on an index lookup alone.
        var record = await store.FindTokenAsync(ApiTokens.Hash(presented), cancellationToken);
        return record is not null && ApiTokens.Matches(presented, record.Hash) ? record : null;
    }
}
