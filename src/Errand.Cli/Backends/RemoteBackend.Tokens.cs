using System.Text.Json;
using Errand.Json;

namespace Errand.Cli.Backends;

internal sealed partial class RemoteBackend
{
    public async Task<(TokenRow Row, string Token)> CreateTokenAsync(string name, string scope, CancellationToken cancellationToken)
    {
        var created = await PostAsync<JsonElement>("/api/tokens", new { name, scope }, cancellationToken);
        return (created.GetProperty("info").Deserialize<TokenRow>(ErrandJson.Options)!, created.GetProperty("token").GetString()!);
    }

    public Task<IReadOnlyList<TokenRow>> ListTokensAsync(CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<TokenRow>>("/api/tokens", cancellationToken);

    public async Task RevokeTokenAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, "/api/tokens/" + Uri.EscapeDataString(name), null, cancellationToken);
    }
}
