using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Endpoints;

/// <summary>/healthz: the one route open without a token. It says only that the process answers, nothing about tasks.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().ExcludeFromDescription();
}
