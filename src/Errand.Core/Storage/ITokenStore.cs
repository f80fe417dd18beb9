using Errand.Tokens;

namespace Errand.Storage;

/// <summary>API tokens, kept by hash only: a stolen database does not hand out working tokens.</summary>
public interface ITokenStore
{
    /// <summary>Stores a token; null when its name is taken (by a valid or a revoked token).</summary>
    Task<ApiTokenRecord?> AddTokenAsync(NewApiToken token, CancellationToken cancellationToken);

    /// <summary>The valid (not revoked) token with this hash, or null.</summary>
    Task<ApiTokenRecord?> FindTokenAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Every token, revoked ones too, by name.</summary>
    Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a token by name: it is refused from then on. False when there is no valid token by that name.</summary>
    Task<bool> RevokeTokenAsync(string name, CancellationToken cancellationToken);
}
