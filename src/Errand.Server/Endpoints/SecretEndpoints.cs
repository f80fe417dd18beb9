using Errand.Server.Auth;
using Errand.Server.Hosting;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Endpoints;

/// <summary>/api/secrets: the names of the secrets Errand holds. Never a value: the server does not even read them.</summary>
internal static class SecretEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/secrets", NamesAsync).WithTags("secrets").RequireScope(TokenScope.Admin);

    private static async Task<Ok<IReadOnlyList<string>>> NamesAsync(ServerServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(services.SecretNames is { } names ? await names(cancellationToken) : []);
}
