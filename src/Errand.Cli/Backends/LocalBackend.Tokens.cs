using Errand.Application.Tokens;
using Errand.Cli.Hosting;
using Errand.Tokens;

namespace Errand.Cli.Backends;

internal sealed partial class LocalBackend
{
    public async Task<(TokenRow Row, string Token)> CreateTokenAsync(string name, string scope, CancellationToken cancellationToken)
    {
        if (!TokenScopes.TryParse(scope, out var parsed))
        {
            throw new BackendException(ExitCodes.InvalidInput, $"--scope: {TokenScopes.Expected}");
        }

        var created = await new TokenService(host.Store).CreateAsync(name, parsed, cancellationToken)
            ?? throw new BackendException(ExitCodes.InvalidInput, $"a token named '{name}' exists already");
        return (Row(created.Record), created.Token);
    }

    public async Task<IReadOnlyList<TokenRow>> ListTokensAsync(CancellationToken cancellationToken) =>
        [.. (await new TokenService(host.Store).ListAsync(cancellationToken)).Select(Row)];

    public async Task RevokeTokenAsync(string name, CancellationToken cancellationToken)
    {
        if (!await new TokenService(host.Store).RevokeAsync(name, cancellationToken))
        {
            throw new BackendException(ExitCodes.NotFound, $"no valid token named '{name}'");
        }
    }

    private static TokenRow Row(ApiTokenRecord token) => new(token.Name, token.Scope.ToWireName(), token.CreatedAt, token.RevokedAt);
}
