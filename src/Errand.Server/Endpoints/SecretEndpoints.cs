using Errand.Engine.Secrets;
using Errand.Server.Auth;
using Errand.Server.Hosting;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Endpoints;

/// <summary>/api/secrets: the secrets Errand holds, by name with when they were set. Never a value: the server does not even read them.</summary>
internal static class SecretEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/secrets", ListAsync).WithTags("secrets").RequireScope(TokenScope.Admin);

    private static async Task<Ok<IReadOnlyList<SecretInfo>>> ListAsync(ServerServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(services.Secrets is { } secrets ? await secrets(cancellationToken) : []);
}
