using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Server.Tests.Support;

/// <summary>The server's route table, read as RouteAuthTests reads it, so a route added later is walked too.</summary>
internal static class ServerRoutes
{
    /// <summary>The templates of every GET route, with a leading slash.</summary>
    public static IReadOnlyList<string> Gets(WebApplication app) =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Contains("GET"))
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()];
}
