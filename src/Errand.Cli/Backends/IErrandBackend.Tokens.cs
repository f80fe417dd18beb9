namespace Errand.Cli.Backends;

/// <summary>API tokens. Against a server these need an admin token; the first admin token is made on the server's host, without --server.</summary>
internal partial interface IErrandBackend
{
    /// <summary>Creates a token; its row and the token, shown this once. Exit 2 when the name is taken.</summary>
    Task<(TokenRow Row, string Token)> CreateTokenAsync(string name, string scope, CancellationToken cancellationToken);

    Task<IReadOnlyList<TokenRow>> ListTokensAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a token; exit 3 when there is no valid one of that name.</summary>
    Task RevokeTokenAsync(string name, CancellationToken cancellationToken);
}
